import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { loadCatalog } from '../scenarios/load.ts';
import { brandsFor } from '../scenarios/runner/batch.ts';
import { simulateScenario } from '../scenarios/runner/simulate.ts';
import { round, type Benchmark } from './bench.ts';

/** Simulate-layer throughput: the whole catalog on every brand, one process, one run at a time. */
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
  // The same batch over both cores, as `simulate --jobs 2` runs it (child processes, merged results).
  const out = mkdtempSync(join(tmpdir(), 'bench-jobs-'));
  const parallelStarted = performance.now();
  execFileSync(process.execPath, ['bin/gallery-sync.js', 'simulate', '--runs', '2', '--jobs', '2', '--out', out], { stdio: 'ignore' });
  const parallelMinutes = (performance.now() - parallelStarted) / 60_000;
  rmSync(out, { recursive: true, force: true });
  return [
    { name: 'simulate: catalog scenario runs per minute (one process)', value: round(runs / minutes, 0), unit: 'runs/min', note: `${runs} runs (${catalog.length} scenarios × their brands × 2 seeds); goal ≥ 2,000` },
    { name: 'simulate --jobs 2: catalog runs per minute (both cores, whole command)', value: round(runs / parallelMinutes, 0), unit: 'runs/min', note: 'includes starting two child processes and merging their results' },
  ];
};

export default bench;
