// Release checks, run by .github/workflows/release.yml on a pushed tag (docs/releasing.md):
//   node scripts/check-release.mjs v0.2.0           exit 1 unless the tag is vX.Y.Z, equals "v" + package.json's
//                                                   version, and CHANGELOG.md has a "## [X.Y.Z] - YYYY-MM-DD" section
//   node scripts/check-release.mjs v0.2.0 --notes   print that section (the GitHub release notes)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Problems with releasing `tag` from this checkout, and the changelog section of that version. */
export function checkRelease(tag, pkg, changelog) {
  const problems = [];
  const m = /^v(\d+\.\d+\.\d+)$/.exec(tag ?? '');
  if (!m) return { problems: [`tag "${tag}" is not of the form vX.Y.Z`], notes: '' };
  const version = m[1];
  if (pkg.version !== version) problems.push(`package.json has version ${pkg.version}, the tag says ${version}`);
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## [${version}]`));
  if (start < 0) return { problems: [...problems, `CHANGELOG.md has no "## [${version}] - <date>" section`], notes: '' };
  if (!/^## \[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/.test(lines[start])) problems.push(`CHANGELOG.md: "${lines[start]}" should read "## [${version}] - YYYY-MM-DD"`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const notes = lines.slice(start + 1, end < 0 ? undefined : end).join('\n').trim();
  if (notes === '') problems.push(`CHANGELOG.md: the ${version} section is empty`);
  return { problems, notes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tag = process.argv[2];
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const { problems, notes } = checkRelease(tag, pkg, readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'));
  if (problems.length > 0) {
    for (const p of problems) console.error(`check-release: ${p}`);
    process.exitCode = 1;
  } else if (process.argv.includes('--notes')) {
    process.stdout.write(`${notes}\n`);
  } else {
    console.log(`check-release: ${tag} matches package.json and CHANGELOG.md`);
  }
}
