import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { BRAND_NAMES, isBrandName, type BrandName } from '../../fixtures/index.ts';
import { bugProfileNames, isBugProfile, type BugProfile } from '../../simulator/bugs.ts';
import { loadCatalog, loadScenario, ScenarioError } from '../../scenarios/load.ts';
import { brandsFor, runBatch } from '../../scenarios/runner/batch.ts';
import { runSharded } from '../../scenarios/runner/parallel.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { EXIT, parseIntOption, UsageError } from '../usage-error.ts';

interface SimulateFlags {
  brand?: string;
  seed: number;
  runs: number;
  bug: string[];
  out: string;
  list?: boolean;
  listBugs?: boolean;
  jobs: number;
  shard?: string;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run scenarios in-process on simulated phones (seeded, virtual time) and check them with the oracle')
    .argument('[filters...]', 'scenario names (or parts of them) or .yaml files; none = the whole catalog')
    .option('--brand <list>', `comma-separated brands (${BRAND_NAMES.join(', ')}); default: each scenario's own`)
    .option('--seed <n>', 'first seed', parseIntOption('--seed'), 1)
    .option('--runs <n>', 'seeds per scenario × brand (seed, seed+1, …)', parseIntOption('--runs', 1), 1)
    .option('--bug <profile>', 'switch on a known-bug profile (repeatable); --list-bugs names them', (v: string, all: string[]) => [...all, v], [])
    .option('--out <dir>', 'where results.json and histories/ go', 'reports/out')
    .option('--jobs <n>', 'processes to run in parallel (one per core is the sweet spot)', parseIntOption('--jobs', 1), 1)
    .addOption(new Option('--shard <k/n>', 'internal: run every n-th run from k (used by --jobs)').hideHelp())
    .option('--list', 'list the scenarios and exit')
    .option('--list-bugs', 'list the known-bug profiles, one a line, and exit')
    .action(async (filters: string[], flags: SimulateFlags) => {
      if (flags.listBugs) return void console.log(bugProfileNames.join('\n'));
      const brands = parseBrands(flags.brand);
      const bugs = flags.bug.map((b): BugProfile => {
        if (!isBugProfile(b)) throw new UsageError(`--bug: unknown profile "${b}"; known: ${bugProfileNames.join(', ')}`);
        return b;
      });
      const scenarios = select(filters);
      if (flags.list) {
        for (const s of scenarios) console.log(`${s.name.padEnd(52)} ${brandsFor(s, brands).join(',').padEnd(30)} ${s.covers}`);
        return;
      }
      const seeds = Array.from({ length: flags.runs }, (_, i) => flags.seed + i);
      const total = scenarios.reduce((n, s) => n + brandsFor(s, brands).length * seeds.length, 0);
      console.log(`simulate: ${scenarios.length} scenarios × brands × ${seeds.length} seed(s) = ${total} runs${bugs.length ? `, bug profile ${bugs.join(', ')}` : ''}`);
      const started = performance.now();
      const tty = process.stdout.isTTY && !flags.shard;
      let lastPrinted = 0;
      const shard = flags.shard ? parseShard(flags.shard) : undefined;
      const batch = flags.jobs > 1 && !shard
        ? await runSharded(process.argv.slice(3).filter((a, i, all) => a !== '--jobs' && all[i - 1] !== '--jobs' && !a.startsWith('--jobs=')), flags.jobs, resolve(flags.out), seeds, bugs, (line) => console.log(line))
        : await runBatch({
        scenarios,
        brands,
        seeds,
        bugs,
        outDir: resolve(flags.out),
        ...(shard ? { shard } : {}),
        onResult: (r, done) => {
          if (r.verdict === 'fail' && !tty) console.log(`FAIL ${r.scenario} on ${r.brand}, seed ${r.seed}: ${r.violations[0]?.invariant}`);
          const pct = Math.floor((done / total) * 100);
          if (tty) process.stdout.write(`\r  ${done}/${total} runs (${pct}%) · ${((performance.now() - started) / 1000).toFixed(0)} s`);
          else if (pct >= lastPrinted + 10 || done === total) {
            lastPrinted = pct - (pct % 10);
            console.log(`  ${done}/${total} runs (${pct}%) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
          }
        },
      });
      if (tty) process.stdout.write('\n');
      if (shard) return void (process.exitCode = batch.failed > 0 ? EXIT.failed : EXIT.ok);
      printTable(batch.results);
      const failures = batch.results.filter((r) => r.verdict === 'fail');
      for (const f of failures.slice(0, 10)) {
        console.log(`\n✗ ${f.scenario} on ${f.brand}, seed ${f.seed}${f.failedStep !== undefined ? ` (at step ${f.failedStep + 1}: ${f.steps[f.failedStep] ?? 'final check'})` : ''}`);
        console.log(f.explanations.slice(0, 3).join('\n'));
        console.log(`  replay: ${f.replay}`);
      }
      if (failures.length > 10) console.log(`\n… and ${failures.length - 10} more failures in ${flags.out}/results.json`);
      console.log(`\n${batch.passed} passed, ${batch.failed} failed in ${((performance.now() - started) / 1000).toFixed(1)} s — ${flags.out}/results.json`);
      process.exitCode = batch.failed > 0 ? EXIT.failed : EXIT.ok;
    });
}

function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard must be k/n with k < n, got "${value}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

function parseBrands(value: string | undefined): BrandName[] {
  if (!value) return [...BRAND_NAMES];
  const brands = value.split(',').map((b) => b.trim());
  const unknown = brands.find((b) => !isBrandName(b));
  if (unknown !== undefined) throw new UsageError(`--brand: unknown brand "${unknown}"; known: ${BRAND_NAMES.join(', ')}`);
  return brands as BrandName[];
}

function select(filters: string[]): Scenario[] {
  try {
    const files = filters.filter((f) => /\.ya?ml$/.test(f)).map((f) => loadScenario(resolve(f)));
    const names = filters.filter((f) => !/\.ya?ml$/.test(f));
    const catalog = files.length && !names.length ? [] : loadCatalog();
    const picked = names.length ? catalog.filter((s) => names.some((n) => s.name === n || s.name.includes(n) || s.file.includes(n))) : catalog;
    if (names.length && picked.length === 0) throw new UsageError(`no scenario matches ${names.map((n) => JSON.stringify(n)).join(', ')}; see --list`);
    return [...files, ...picked];
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}

function printTable(results: Array<{ scenario: string; brand: string; verdict: string }>): void {
  const rows = new Map<string, Map<string, { pass: number; total: number }>>();
  for (const r of results) {
    const row = rows.get(r.scenario) ?? new Map();
    const cell = row.get(r.brand) ?? { pass: 0, total: 0 };
    cell.total++;
    if (r.verdict === 'pass') cell.pass++;
    row.set(r.brand, cell);
    rows.set(r.scenario, row);
  }
  const width = Math.min(56, Math.max(8, ...[...rows.keys()].map((k) => k.length)));
  console.log(`\n${'scenario'.padEnd(width)}  ${BRAND_NAMES.map((b) => b.padEnd(9)).join(' ')}`);
  for (const [name, row] of rows) {
    const cells = BRAND_NAMES.map((b) => {
      const c = row.get(b);
      return (c ? (c.pass === c.total ? `ok ${c.total}` : `FAIL ${c.total - c.pass}/${c.total}`) : '–').padEnd(9);
    });
    console.log(`${name.slice(0, width).padEnd(width)}  ${cells.join(' ')}`);
  }
}

