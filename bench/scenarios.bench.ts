import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { explore } from '../scenarios/explore/explore.ts';
import { loadCatalog } from '../scenarios/load.ts';
import { brandsFor, planBatch } from '../scenarios/runner/batch.ts';
import { simulateScenario } from '../scenarios/runner/simulate.ts';
import { round, type Benchmark } from './bench.ts';

/** Wall time of one whole `gallery-sync simulate` command, in minutes. */
function simulateCommand(args: string[]): number {
  const out = mkdtempSync(join(tmpdir(), 'bench-simulate-'));
  const started = performance.now();
  try {
    execFileSync(process.execPath, ['bin/gallery-sync.js', 'simulate', ...args, '--out', out], { stdio: 'ignore' });
  } catch {
    // exit 1 would mean a failing run: the clean catalog passes, and the figure is the time either way
  }
  rmSync(out, { recursive: true, force: true });
  return (performance.now() - started) / 60_000;
}

/**
 * The machine's ceiling for two processes: the batch's two halves (`--job 1/2`, `--job 2/2`) as two independent
 * commands started together, with no lead, no merge and no report. `--jobs 2` cannot beat this; on a machine where
 * one process already keeps a second core partly busy (V8's collector and compiler threads), it is below 2.
 */
async function twoHalvesAtOnce(args: string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    ['1/2', '2/2'].map(async (job) => {
      const out = mkdtempSync(join(tmpdir(), 'bench-simulate-'));
      await promisify(execFile)(process.execPath, ['bin/gallery-sync.js', 'simulate', ...args, '--job', job, '--out', out]).catch(() => undefined);
      rmSync(out, { recursive: true, force: true });
    }),
  );
  return (performance.now() - started) / 60_000;
}

/**
 * Simulate-layer throughput: the whole catalog on every brand in one process, one run at a time; the same command
 * with --jobs 2 on a batch of ≥ 2,000 runs beside the same batch in one process; and explore's search speed.
 */
const bench: Benchmark = async () => {
  const catalog = loadCatalog();
  const plan = catalog.flatMap((s) => brandsFor(s, BRAND_NAMES).map((brand) => ({ s, brand })));
  for (const { s, brand } of plan.slice(0, 20)) await simulateScenario(s, { brand, seed: 99 }); // warm up caches and JIT
  const started = performance.now();
  let runs = 0;
  for (const seed of [1, 2]) {
    for (const { s, brand } of plan) {
      await simulateScenario(s, { brand, seed });
      runs++;
    }
  }
  const minutes = (performance.now() - started) / 60_000;

  const seeds = Math.ceil(2000 / plan.length);
  const batch = planBatch({ scenarios: catalog, brands: BRAND_NAMES, seeds: Array.from({ length: seeds }, (_, i) => i + 1) }).length;
  const oneProcess = simulateCommand(['--runs', String(seeds), '--jobs', '1']);
  const twoJobs = simulateCommand(['--runs', String(seeds), '--jobs', '2']);
  const halves = await twoHalvesAtOnce(['--runs', String(seeds)]);

  const search = await explore({ seed: 5, runs: 300, brands: BRAND_NAMES, bugs: [], phones: { min: 1, max: 2 }, outDir: mkdtempSync(join(tmpdir(), 'bench-explore-')), replays: 1 });
  return [
    { name: 'simulate: catalog scenario runs per minute (one process)', value: round(runs / minutes, 0), unit: 'runs/min', note: `${runs} runs (${catalog.length} scenarios × their brands × 2 seeds); goal ≥ 3,000` },
    {
      name: `simulate --jobs 2: runs per minute, whole command (${batch} runs)`,
      value: round(batch / twoJobs, 0),
      unit: 'runs/min',
      baseline: { name: 'the same command with --jobs 1', value: round(batch / oneProcess, 0) },
      ratio: round(oneProcess / twoJobs, 2),
      note: 'goal: ratio ≥ 1.6 on two cores',
    },
    {
      name: `the machine's ceiling for that: the batch's two halves as two independent commands at once (${batch} runs)`,
      value: round(batch / halves, 0),
      unit: 'runs/min',
      baseline: { name: 'the whole batch in one process (--jobs 1, above)', value: round(batch / oneProcess, 0) },
      ratio: round(oneProcess / halves, 2),
      note: 'no lead, merge or report: what two processes give this workload here',
    },
    { name: 'explore: random histories judged per minute (clean engine, 1–2 phones, every brand)', value: round((search.runs / search.searchMs) * 60_000, 0), unit: 'histories/min', note: `${search.runs} histories; generated histories are longer than catalog ones (days of virtual time, broken links)` },
  ];
};

export default bench;
