// Preloaded by `npm run bench` (node --import): when the process exits, writes its resource usage (peak RSS in KB,
// user and system CPU in microseconds) as JSON to the file named by BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_USAGE_FILE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  });
}
