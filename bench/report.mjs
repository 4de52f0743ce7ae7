// Prints bench/results.json as the Markdown tables of docs/performance.md: every target with its measured ratio,
// then the median wall time and peak RSS of each measured command.
//   node bench/report.mjs [results.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = JSON.parse(readFileSync(process.argv[2] ?? path.join(root, 'bench', 'results.json'), 'utf8'));
const m = r.machine;
console.log(`Run of ${r.date}${r.finished ? ` to ${r.finished}` : ' (interrupted: the groups below are the ones it finished)'}, ${r.mode} mode; ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; load average at the last group ${m.loadAverage.join(' / ')}.\n`);
console.log('| target | measured | limit | met |');
console.log('| --- | ---: | ---: | --- |');
for (const t of r.targets) console.log(`| ${t.name} | ${t.value ?? 'did not finish'} | ${t.limit} | ${t.ok ? 'yes' : '**no**'} |`);
console.log('\n| group | command | median wall (ms) | peak RSS (MB) |');
console.log('| --- | --- | ---: | ---: |');
const rows = (name, g) => {
  for (const [k, v] of Object.entries(g)) if (v && typeof v === 'object' && 'medianMs' in v) console.log(`| ${name} | ${k} | ${v.medianMs ?? '—'} | ${v.peakRssMb ?? '—'} |`);
};
for (const [name, g] of Object.entries(r.groups)) {
  if (name === 'probes') for (const [p, pg] of Object.entries(g)) rows(`probe ${p} (n=${pg.n})`, pg);
  else rows(name, g);
}
