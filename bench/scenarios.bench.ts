import { execFileSync } from 'node:child_process';
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
    { name: 'explore: random histories judged per minute (clean engine, 1–2 phones, every brand)', value: round((search.runs / search.searchMs) * 60_000, 0), unit: 'histories/min', note: `${search.runs} histories; generated histories are longer than catalog ones (days of virtual time, broken links)` },
  ];
};

export default bench;
