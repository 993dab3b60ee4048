import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BRAND_NAMES, type BrandName } from '../../fixtures/index.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import { phoneProfiles } from '../../simulator/profiles.ts';
import { toJunit } from '../../reports/junit.ts';
import { writeHtmlReport } from '../../reports/write-report.ts';
import { explain } from '../oracle/index.ts';
import type { Scenario } from '../schema.ts';
import { simulateScenario, type RunResult } from './simulate.ts';

export interface BatchOptions {
  scenarios: Scenario[];
  brands: readonly BrandName[];
  seeds: readonly number[];
  bugs: BugProfile[];
  outDir: string;
  /** Run only every `count`-th run starting at `index` (0-based): one of several processes sharing a batch. */
  shard?: { index: number; count: number };
  onResult?(result: RunResult, done: number, total: number): void;
}

export interface BatchResult {
  results: Array<Omit<RunResult, 'history'> & { historyFile: string; replay: string; explanations: string[] }>;
  passed: number;
  failed: number;
}

/** The brands a scenario runs on: its own selector, narrowed by the command line. */
export function brandsFor(scenario: Scenario, allowed: readonly BrandName[]): BrandName[] {
  const own =
    scenario.brands === 'all' ? BRAND_NAMES : scenario.brands === 'two-way' ? BRAND_NAMES.filter((b) => phoneProfiles[b].twoWaySync) : scenario.brands === 'backup-only' ? BRAND_NAMES.filter((b) => !phoneProfiles[b].twoWaySync) : scenario.brands;
  return own.filter((b) => allowed.includes(b));
}

export const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

export function replayCommand(r: { scenario: string; brand: string; seed: number; bugs: readonly string[] }, command: 'simulate' | 'run' = 'simulate'): string {
  return `npx gallery-sync ${command} ${JSON.stringify(r.scenario)} --brand ${r.brand} --seed ${r.seed}${r.bugs.map((b) => ` --bug ${b}`).join('')}`;
}

/** Runs every scenario × brand × seed, one at a time (each run is single-threaded and deterministic). */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  mkdirSync(join(options.outDir, 'histories'), { recursive: true });
  const plan = planBatch(options).filter((_, i) => !options.shard || i % options.shard.count === options.shard.index);
  const results: BatchResult['results'] = [];
  for (const [i, { scenario, brand, seed }] of plan.entries()) {
    const result = await simulateScenario(scenario, { brand, seed, bugs: options.bugs });
    results.push(saveRun(options.outDir, result, 'simulate'));
    options.onResult?.(result, i + 1, plan.length);
  }
  return writeResults(options.outDir, options.seeds, options.bugs, results);
}

/** Writes a run's history under `outDir/histories/` and gives its results.json entry (history by file name). */
export function saveRun(outDir: string, result: RunResult, command: 'simulate' | 'run'): BatchResult['results'][number] {
  const historyFile = join('histories', `${slug(result.scenario)}.${result.brand}.${result.seed}${command === 'run' ? '.e2e' : ''}.jsonl`);
  mkdirSync(join(outDir, 'histories'), { recursive: true });
  writeFileSync(join(outDir, historyFile), result.history.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const { history: _history, ...rest } = result;
  return { ...rest, historyFile, replay: replayCommand(result, command), explanations: result.violations.map(explain) };
}

export function planBatch(options: Pick<BatchOptions, 'scenarios' | 'brands' | 'seeds'>) {
  return options.scenarios.flatMap((scenario) => brandsFor(scenario, options.brands).flatMap((brand) => options.seeds.map((seed) => ({ scenario, brand, seed }))));
}

/** results.json (stable and documented in the README, for CI gates and other tools) and junit.xml beside it. */
export function writeResults(outDir: string, seeds: readonly number[], bugs: readonly string[], results: BatchResult['results'], tool: 'simulate' | 'run' = 'simulate'): BatchResult {
  const failed = results.filter((r) => r.verdict === 'fail').length;
  const report = { tool: `gallery-sync ${tool}`, version: 1, commit: gitCommit(), seeds, bugs, passed: results.length - failed, failed, results };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(report, null, 1) + '\n');
  writeFileSync(join(outDir, 'junit.xml'), toJunit(`gallery-sync ${tool}`, results, new Date()));
  writeHtmlReport(join(outDir, 'results.json'));
  return { results, passed: results.length - failed, failed };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
