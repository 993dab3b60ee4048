import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BRAND_NAMES, type BrandName } from '../../fixtures/index.ts';
import { loadCatalog, loadScenario } from '../load.ts';
import { planBatch, saveRun, shardOf, slug, writeResults, type BatchResult, type Shard } from '../runner/batch.ts';
import { errorResult } from '../runner/simulate.ts';
import type { Scenario } from '../schema.ts';
import { deviceProfiles } from './device-profiles.ts';
import type { RunOptions } from './run-options.ts';

/** One end-to-end run: a scenario on a brand (the seed is the run's). */
export interface PlannedRun {
  scenario: Scenario;
  brand: BrandName;
}

/**
 * What `run` will run: the plan in `simulate`'s order (scenario, then brand), the scenarios that jump time left
 * out where the device profile cannot set a phone's clock (said, not run), then this CI job's share (`--shard`).
 */
export function planRun(input: { scenarios: readonly Scenario[]; brands: readonly BrandName[]; clockControl: boolean; shard?: Shard | undefined }): { whole: PlannedRun[]; runs: PlannedRun[]; skipped: Scenario[] } {
  const jumpsTime = (s: Scenario) => s.steps.some((step) => step.verb === 'advance');
  const skipped = input.clockControl ? [] : input.scenarios.filter(jumpsTime);
  const whole = planBatch({ scenarios: input.scenarios.filter((s) => !skipped.includes(s)), brands: input.brands, seeds: [0] }).map(({ scenario, brand }) => ({ scenario, brand }));
  return { whole, runs: shardOf(whole, input.shard), skipped };
}

/** The exact runs a WebdriverIO run was asked for (`runs`), or else the plan its options describe. */
export function plannedRuns(options: RunOptions): PlannedRun[] {
  const loaded = new Map<string, Scenario>();
  const load = (file: string) => loaded.get(file) ?? loaded.set(file, loadScenario(file)).get(file)!;
  if (options.runs) return options.runs.map(({ file, brand }) => ({ scenario: load(file), brand }));
  const scenarios = options.scenarios.length ? options.scenarios.map((f) => load(resolve(f))) : loadCatalog();
  return planRun({ scenarios, brands: options.brands, clockControl: deviceProfiles[options.deviceProfile].clockControl }).runs;
}

/** The brands that have a run, in the usual order: one WebdriverIO worker each. */
export function brandsOf(runs: readonly PlannedRun[]): BrandName[] {
  return BRAND_NAMES.filter((b) => runs.some((r) => r.brand === b));
}

/** The file a finished run leaves for the launcher (one per run, so the launcher can tell which did not finish). */
export const runFile = (brand: string, scenario: string): string => `${brand}-${slug(scenario)}.json`;

/** What a result's replay command needs besides scenario, brand, seed and bugs to replay a `run` exactly. */
export function replayArgs(options: Pick<RunOptions, 'timeScale' | 'deviceProfile' | 'udids'>): string[] {
  return [
    ...(options.deviceProfile === 'simulated' && options.timeScale !== 30 ? ['--time-scale', String(options.timeScale)] : []),
    ...(options.deviceProfile === 'simulated' ? [] : ['--device-profile', options.deviceProfile, '--udid', options.udids.join(',')]),
  ];
}

/**
 * results.json and junit.xml of a WebdriverIO run: what each run left in `runs/`, in plan order, and an `error`
 * entry for every planned run that left nothing (its session never started, or its worker died): never a pass.
 */
export function gatherResults(options: RunOptions, planned: readonly PlannedRun[], whyMissing: (brand: BrandName) => string): BatchResult {
  const outDir = resolve(options.outDir);
  const dir = join(outDir, 'runs');
  const results: BatchResult['results'] = [];
  for (const { scenario, brand } of planned) {
    const file = join(dir, runFile(brand, scenario.name));
    if (existsSync(file)) {
      results.push(JSON.parse(readFileSync(file, 'utf8')) as BatchResult['results'][number]);
      continue;
    }
    const error = errorResult(scenario, { brand, seed: options.seed, bugs: options.bugs }, whyMissing(brand));
    results.push(saveRun(outDir, error, 'run', replayArgs(options)));
  }
  // Anything else a worker left (not planned: should not happen) is reported too, never dropped.
  const known = new Set(planned.map((r) => runFile(r.brand, r.scenario.name)));
  for (const extra of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !known.has(f)).sort() : []) results.push(JSON.parse(readFileSync(join(dir, extra), 'utf8')) as BatchResult['results'][number]);
  return writeResults(outDir, [options.seed], options.bugs, results, 'run');
}
