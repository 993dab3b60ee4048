import { readFile, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import type { Benchmark, Figure } from './bench.ts';

/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose name contains an argument), prints the figures
 * and writes bench/results.json. Each file exports `default` as a Benchmark.
 */
const filters = process.argv.slice(2);
const here = new URL('.', import.meta.url);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x)))).sort();

// A filtered run (`npm run bench appium`) keeps the other areas' last figures.
const previous = filters.length ? ((await readFile(new URL('results.json', here), 'utf8').then(JSON.parse, () => ({}))) as { results?: Record<string, Figure[]> }).results : undefined;
const results: Record<string, Figure[]> = { ...previous };
for (const file of files) {
  const area = file.replace(/\.bench\.ts$/, '');
  process.stdout.write(`\n▶ ${area}\n`);
  const bench = (await import(new URL(file, here).href)) as { default: Benchmark };
  const figures = await bench.default();
  results[area] = figures;
  for (const f of figures) {
    const base = f.baseline ? `   vs ${f.baseline.name}: ${f.baseline.value} ${f.unit}` : '';
    const ratio = f.ratio === undefined ? '' : `   ratio ${f.ratio}`;
    process.stdout.write(`  ${f.name}: ${f.value} ${f.unit}${base}${ratio}${f.note ? `   (${f.note})` : ''}\n`);
  }
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', node: process.version };
await writeFile(new URL('results.json', here), JSON.stringify({ commit, machine, date: new Date().toISOString(), results }, null, 2) + '\n');
process.stdout.write(`\nwrote bench/results.json\n`);
