import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { BRAND_NAMES } from '../../fixtures/index.ts';
import { formatMutationScore, measureMutationScore } from '../../scenarios/mutation-score.ts';
import { ScenarioError } from '../../scenarios/load.ts';
import { brandsFor, planBatch, runBatch, shardOf, type BatchResult, type Shard } from '../../scenarios/runner/batch.ts';
import { JobFailed, runSharded } from '../../scenarios/runner/parallel.ts';
import { outFolder } from '../folders.ts';
import { EXIT, parseIntOption, UsageError } from '../usage-error.ts';
import { Progress } from '../../reports/progress.ts';
import { emptyShard, noRunOnBrands, parseBrands, parseBugs, parseShard, printFailures, printTable, select, verdictLine } from './scenario-options.ts';
import { plural } from '../../reports/console.ts';

interface SimulateFlags {
  brand?: string;
  seed: number;
  runs: number;
  bug: string[];
  tag: string[];
  out: string;
  list?: boolean;
  listBugs?: boolean;
  jobs: number;
  shard?: string;
  job?: string;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run scenarios in-process on simulated phones (seeded, virtual time) and check them with the oracle')
    .argument('[scenarios...]', 'scenario files (.yaml, yours or the catalog\'s) and catalog names (an exact name, or a part of names); none = the whole catalog')
    .option('--brand <list>', `comma-separated brands (${BRAND_NAMES.join(', ')}); default: each scenario's own`)
    .option('--tag <tag>', 'only scenarios with this tag (repeatable: any of them)', (v: string, all: string[]) => [...all, v], [])
    .option('--seed <n>', 'first seed', parseIntOption('--seed'), 1)
    .option('--runs <n>', 'seeds per scenario × brand (seed, seed+1, …)', parseIntOption('--runs', 1), 1)
    .option('--bug <profile>', 'switch on a known-bug profile (repeatable); --list-bugs names them', (v: string, all: string[]) => [...all, v], [])
    .option('--out <dir>', 'where results.json and histories/ go', 'reports/out')
    .option('--jobs <n>', 'processes to run in parallel (one per core is the sweet spot)', parseIntOption('--jobs', 1), 1)
    .option('--shard <i/n>', 'run only this CI job\'s share of the scenario × brand × seed runs (e.g. 2/3; the n shards together run the whole plan once)')
    .addOption(new Option('--job <i/n>', 'internal: this process\'s share of the runs (used by --jobs)').hideHelp())
    .option('--list', 'list the scenarios and exit')
    .option('--list-bugs', 'list the known-bug profiles, measure which invariant catches each (the mutation score), and exit')
    .action(async (filters: string[], flags: SimulateFlags) => {
      if (flags.listBugs) {
        const verdicts = await measureMutationScore();
        console.log(formatMutationScore(verdicts));
        return void (process.exitCode = verdicts.every((v) => v.caughtOn) ? EXIT.ok : EXIT.failed);
      }
      const brands = parseBrands(flags.brand);
      const bugs = parseBugs(flags.bug);
      const shard = parseShard(flags.shard);
      const job = parseShard(flags.job, '--job');
      const scenarios = select(filters, flags.tag);
      if (flags.list) {
        for (const s of scenarios) console.log(`${s.name.padEnd(52)} ${brandsFor(s, brands).join(',').padEnd(30)} ${s.covers}`);
        return;
      }
      const seeds = Array.from({ length: flags.runs }, (_, i) => flags.seed + i);
      const whole = planBatch({ scenarios, brands, seeds });
      // A batch that selects no run is not a pass: bad input, said in one line.
      if (whole.length === 0) throw new UsageError(noRunOnBrands(scenarios, brands, flags.brand));
      const plan = shardOf(whole, shard);
      if (plan.length === 0 && shard) throw new UsageError(emptyShard(shard, whole.length));
      outFolder('--out', flags.out);
      if (!job) console.log(`simulate: ${plural(scenarios.length, 'scenario')} × brands × ${plural(seeds.length, 'seed')} = ${plural(whole.length, 'run')}${shard ? `; shard ${shard.index}/${shard.count}: ${plan.length} of them` : ''}${bugs.length ? `, bug profile ${bugs.join(', ')}` : ''}`);
      const started = performance.now();
      const jobs = Math.min(flags.jobs, plan.length);
      const lead = jobs > 1 && !job;
      const share = lead ? { index: 1, count: jobs } : job;
      const write = lead ? (text: string) => console.log(`  [job 1] ${text.trim()}`) : undefined;
      const progress = new Progress(shardOf(plan, share).length, Boolean(process.stdout.isTTY) && !job && !lead, write);
      let failed = 0;
      let errors = 0;
      const runShare = (mine: Shard | undefined, outDir: string) =>
        runBatch({
          scenarios,
          brands,
          seeds,
          bugs,
          outDir,
          ...(shard ? { shard } : {}),
          ...(mine ? { job: mine } : {}),
          onResult: (r, done) => {
            if (r.verdict === 'fail') {
              failed++;
              progress.failure(`${r.scenario} on ${r.brand}, seed ${r.seed}: ${r.violations[0]?.invariant}`);
            } else if (r.verdict === 'error') {
              failed++;
              errors++;
              progress.failure(`ERROR ${r.scenario} on ${r.brand}, seed ${r.seed}: ${r.error}`);
            }
            progress.update(done, failed, errors);
          },
        });
      let batch: BatchResult;
      try {
        batch = lead
          ? await runSharded(process.argv.slice(3).filter((a, i, all) => a !== '--jobs' && all[i - 1] !== '--jobs' && !a.startsWith('--jobs=') && a !== '--out' && all[i - 1] !== '--out' && !a.startsWith('--out=')), jobs, resolve(flags.out), seeds, bugs, (line) => console.log(line), runShare)
          : await runShare(job, resolve(flags.out));
      } catch (error) {
        // A scenario found broken while it runs (an item it names does not exist, say) is bad input too.
        if (error instanceof ScenarioError) throw new UsageError(error.message);
        // A job that met bad input has said so on stderr, in its one line.
        if (error instanceof JobFailed && error.code === EXIT.badInput) return void (process.exitCode = EXIT.badInput);
        throw error;
      }
      progress.done();
      const verdict = batch.failed + batch.errors > 0 ? EXIT.failed : EXIT.ok;
      if (job) return void (process.exitCode = verdict);
      printTable(batch.results);
      printFailures(batch.results, flags.out);
      console.log(verdictLine(batch, 'could not start or crashed', (performance.now() - started) / 1000, flags.out));
      process.exitCode = verdict;
    });
}
