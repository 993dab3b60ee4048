import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { explore } from '../scenarios/explore/explore.ts';
import { loadCatalog } from '../scenarios/load.ts';
import { brandsFor, planBatch } from '../scenarios/runner/batch.ts';
import { simulateScenario } from '../scenarios/runner/simulate.ts';
import { cpuSeconds, median, round, type Benchmark } from './bench.ts';

/** Wall time (minutes) and CPU time (seconds, every process it started included) of one whole `gallery-sync simulate`. */
function simulateCommand(args: string[]): { minutes: number; cpuSeconds: number } {
  const out = mkdtempSync(join(tmpdir(), 'bench-simulate-'));
  const cpu = cpuSeconds('self', 'waited-for children');
  const started = performance.now();
  try {
    execFileSync(process.execPath, ['bin/gallery-sync.js', 'simulate', ...args, '--out', out], { stdio: 'ignore' });
  } catch {
    // exit 1 would mean a failing run: the clean catalog passes, and the figure is the time either way
  }
  const measured = { minutes: (performance.now() - started) / 60_000, cpuSeconds: cpuSeconds('self', 'waited-for children') - cpu };
  rmSync(out, { recursive: true, force: true });
  return measured;
}

const allocationLoop = fileURLToPath(new URL('allocation-loop.js', import.meta.url));

/** Wall time of `copies` bare allocation loops started together. */
async function allocationLoops(copies: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: copies }, () => promisify(execFile)(process.execPath, [allocationLoop])));
  return performance.now() - started;
}

const range = (values: readonly number[]): string => `${round(Math.min(...values))}–${round(Math.max(...values))}`;

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
  // Interleaved pairs, the order swapped each time: this machine's speed drifts by 10–20% over minutes.
  const one: Array<ReturnType<typeof simulateCommand>> = [];
  const two: Array<ReturnType<typeof simulateCommand>> = [];
  for (let pair = 0; pair < 3; pair++) {
    for (const jobs of pair % 2 === 0 ? [1, 2] : [2, 1]) (jobs === 1 ? one : two).push(simulateCommand(['--runs', String(seeds), '--jobs', String(jobs)]));
  }
  const ratios = one.map((o, i) => o.minutes / (two[i] as (typeof two)[number]).minutes);
  const loopRatios: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    const alone = await allocationLoops(1);
    loopRatios.push((2 * alone) / (await allocationLoops(2)));
  }

  const search = await explore({ seed: 5, runs: 300, brands: BRAND_NAMES, bugs: [], phones: { min: 1, max: 2 }, outDir: mkdtempSync(join(tmpdir(), 'bench-explore-')), replays: 1 });
  return [
    { name: 'simulate: catalog scenario runs per minute (one process)', value: round(runs / minutes, 0), unit: 'runs/min', note: `${runs} runs (${catalog.length} scenarios × their brands × 2 seeds); goal ≥ 3,000` },
    {
      name: `simulate --jobs 2: runs per minute, whole command (${batch} runs)`,
      value: round(batch / median(two.map((t) => t.minutes)), 0),
      unit: 'runs/min',
      baseline: { name: 'the same command with --jobs 1', value: round(batch / median(one.map((o) => o.minutes)), 0) },
      ratio: round(median([...ratios])),
      note: `median of ${ratios.length} interleaved pairs, ratios ${range(ratios)}; CPU time ${round(median(one.map((o) => o.cpuSeconds)), 1)} s in one process, ${round(median(two.map((t) => t.cpuSeconds)), 1)} s in two (each pays its start-up, JIT warm-up and compiler threads); goal: ratio ≥ 1.6 on two cores`,
    },
    {
      name: "this machine's ceiling for two processes: a bare JavaScript allocation loop, two copies at once against one alone",
      value: round(median([...loopRatios])),
      unit: '× one',
      note: `median of ${loopRatios.length} samples, ${range(loopRatios)}: no start-up, modules or files, the kind of work a simulate run does`,
    },
    { name: 'explore: random histories judged per minute (clean engine, 1–2 phones, every brand)', value: round((search.runs / search.searchMs) * 60_000, 0), unit: 'histories/min', note: `${search.runs} histories; generated histories are longer than catalog ones (days of virtual time, broken links)` },
  ];
};

export default bench;
