import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { BRAND_NAMES } from '../../fixtures/index.ts';
import { bugProfileNames } from '../../simulator/bugs.ts';
import { brandsFor, runBatch } from '../../scenarios/runner/batch.ts';
import { runSharded } from '../../scenarios/runner/parallel.ts';
import { EXIT, parseIntOption, UsageError } from '../usage-error.ts';
import { Progress } from '../../reports/progress.ts';
import { parseBrands, parseBugs, printFailures, printTable, select } from './scenario-options.ts';

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
      const bugs = parseBugs(flags.bug);
      const scenarios = select(filters);
      if (flags.list) {
        for (const s of scenarios) console.log(`${s.name.padEnd(52)} ${brandsFor(s, brands).join(',').padEnd(30)} ${s.covers}`);
        return;
      }
      const seeds = Array.from({ length: flags.runs }, (_, i) => flags.seed + i);
      const total = scenarios.reduce((n, s) => n + brandsFor(s, brands).length * seeds.length, 0);
      console.log(`simulate: ${scenarios.length} scenarios × brands × ${seeds.length} seed(s) = ${total} runs${bugs.length ? `, bug profile ${bugs.join(', ')}` : ''}`);
      const started = performance.now();
      const shard = flags.shard ? parseShard(flags.shard) : undefined;
      // A shard runs every count-th run from its index: its own share of the plan.
      const progress = new Progress(shard ? Math.ceil((total - shard.index) / shard.count) : total, Boolean(process.stdout.isTTY) && !shard);
      let failed = 0;
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
          if (r.verdict === 'fail') {
            failed++;
            progress.failure(`${r.scenario} on ${r.brand}, seed ${r.seed}: ${r.violations[0]?.invariant}`);
          }
          progress.update(done, failed);
        },
      });
      progress.done();
      if (shard) return void (process.exitCode = batch.failed > 0 ? EXIT.failed : EXIT.ok);
      printTable(batch.results);
      printFailures(batch.results, flags.out);
      console.log(`\n${batch.passed} passed, ${batch.failed} failed in ${((performance.now() - started) / 1000).toFixed(1)} s — ${flags.out}/results.json, junit.xml, index.html`);
      process.exitCode = batch.failed > 0 ? EXIT.failed : EXIT.ok;
    });
}

function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard must be k/n with k < n, got "${value}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}
