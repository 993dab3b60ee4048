import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { BRAND_NAMES, type BrandName } from '../../fixtures/index.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import { phoneProfiles } from '../../simulator/profiles.ts';
import { writeAllureResults } from '../../reports/allure.ts';
import { toJunit } from '../../reports/junit.ts';
import { writeHtmlReport } from '../../reports/write-report.ts';
import { catalogDir } from '../load.ts';
import { explain } from '../oracle/index.ts';
import type { Scenario } from '../schema.ts';
import type { Flake } from '../../reports/flake.ts';
import type { Filmstrip } from '../../reports/evidence.ts';
import { filmstripFiles, saveFilmstrip } from './filmstrip.ts';
import { simulateScenario, type RunResult } from './simulate.ts';

export interface BatchOptions {
  scenarios: Scenario[];
  brands: readonly BrandName[];
  seeds: readonly number[];
  bugs: BugProfile[];
  outDir: string;
  /** This CI job's share of the plan (`--shard 2/3`, 1-based): see `shardOf`. */
  shard?: Shard;
  /** Then this process's share of the job's runs (`--jobs`, 1-based): one of several processes sharing a batch. */
  job?: Shard;
  onResult?(result: RunResult, done: number, total: number): void;
}

/** `i/n`, 1 ≤ i ≤ n: the i-th of n shares of a plan. */
export interface Shard {
  index: number;
  count: number;
}

export interface BatchResult {
  /** `flake`: a failing `run` replayed (`--replays`), deterministic or flaky. */
  results: Array<Omit<RunResult, 'history' | 'screens'> & { historyFile: string; replay: string; explanations: string[]; flake?: Flake; filmstrip?: Filmstrip }>;
  passed: number;
  failed: number;
  /** Runs that could not start or crashed: never a pass, and the batch is not green. */
  errors: number;
}

/**
 * A share of a plan (`--shard 2/3`): every count-th run from the index-th, so the shares differ in size by at
 * most one, each gets a mix of scenarios and brands, and together they are the plan, each run once.
 */
export function shardOf<T>(plan: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...plan];
  return plan.filter((_, i) => i % shard.count === shard.index - 1);
}

/** The brands a scenario runs on: its own selector, narrowed by the command line. */
export function brandsFor(scenario: Scenario, allowed: readonly BrandName[]): BrandName[] {
  const own =
    scenario.brands === 'all' ? BRAND_NAMES : scenario.brands === 'two-way' ? BRAND_NAMES.filter((b) => phoneProfiles[b].twoWaySync) : scenario.brands === 'backup-only' ? BRAND_NAMES.filter((b) => !phoneProfiles[b].twoWaySync) : scenario.brands;
  return own.filter((b) => allowed.includes(b));
}

export const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

/**
 * The command that replays one run exactly: a catalog scenario by its full name (an exact name selects only
 * itself), a scenario file of your own by its path (relative to the working directory when below it), then
 * the brand, the seed, the bug profiles and any option the run depended on (`extra`, e.g. `run`'s time scale).
 */
export function replayCommand(r: { scenario: string; file?: string; brand: string; seed: number; bugs: readonly string[] }, command: 'simulate' | 'run' = 'simulate', extra: readonly string[] = []): string {
  const which = r.file && !inCatalog(r.file) ? shellWord(displayPath(r.file)) : JSON.stringify(r.scenario);
  return `npx gallery-sync ${command} ${which} --brand ${r.brand} --seed ${r.seed}${r.bugs.map((b) => ` --bug ${b}`).join('')}${extra.map((a) => ` ${shellWord(a)}`).join('')}`;
}

/** Whether a scenario file is one of the catalog's (which `simulate` and `run` find by name). */
export function inCatalog(file: string): boolean {
  const rel = relative(catalogDir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.includes(sep);
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word));

/** Runs every scenario × brand × seed, one at a time (each run is single-threaded and deterministic). */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  mkdirSync(join(options.outDir, 'histories'), { recursive: true });
  const plan = shardOf(shardOf(planBatch(options), options.shard), options.job);
  const results: BatchResult['results'] = [];
  for (const [i, { scenario, brand, seed }] of plan.entries()) {
    const result = await simulateScenario(scenario, { brand, seed, bugs: options.bugs });
    if (result.verdict === 'fail') result.screens = await filmAgain(scenario, { brand, seed, bugs: options.bugs }, result);
    results.push(saveRun(options.outDir, result, 'simulate'));
    options.onResult?.(result, i + 1, plan.length);
  }
  // One of several processes sharing a batch: it writes its runs' Allure results (a file each, the costly part), and
  // the lead merges the shares and writes junit.xml and the report once.
  if (options.job) {
    writeAllureResults(options.outDir, 'gallery-sync simulate', results, new Date());
    return writeResults(options.outDir, options.seeds, options.bugs, results, 'simulate', { reports: false });
  }
  return writeResults(options.outDir, options.seeds, options.bugs, results);
}

/**
 * A failing run filmed: `simulate` is deterministic, so the run again with frames on is the same run, and passing
 * runs never pay for screens. Nothing if the second run failed elsewhere (then the frames would show another run).
 */
async function filmAgain(scenario: Scenario, options: { brand: BrandName; seed: number; bugs: BugProfile[] }, failed: RunResult): Promise<RunResult['screens']> {
  const filmed = await simulateScenario(scenario, { ...options, evidence: false, frames: true });
  return filmed.failedStep === failed.failedStep ? filmed.screens : undefined;
}

/**
 * Writes a run's history under `outDir/histories/` and, for a failure, its screens under `outDir/evidence/`, and
 * gives its results.json entry (files by path relative to `outDir`).
 */
export function saveRun(outDir: string, result: RunResult, command: 'simulate' | 'run', replayExtra: readonly string[] = []): BatchResult['results'][number] {
  const run = `${slug(result.scenario)}.${result.brand}.${result.seed}${command === 'run' ? '.e2e' : ''}`;
  const historyFile = join('histories', `${run}.jsonl`);
  mkdirSync(join(outDir, 'histories'), { recursive: true });
  writeFileSync(join(outDir, historyFile), result.history.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const filmstrip = saveFilmstrip(outDir, run, result.screens, result.verdict);
  const { history: _history, screens: _screens, ...rest } = result;
  return { ...rest, historyFile, replay: replayCommand(result, command, replayExtra), explanations: result.violations.map(explain), ...(filmstrip ? { filmstrip } : {}) };
}

/** The whole batch in one order (scenario, then brand, then seed): what `--shard` splits, for `simulate` and `run` alike. */
export function planBatch(options: Pick<BatchOptions, 'scenarios' | 'brands' | 'seeds'>): Array<{ scenario: Scenario; brand: BrandName; seed: number }> {
  return options.scenarios.flatMap((scenario) => brandsFor(scenario, options.brands).flatMap((brand) => options.seeds.map((seed) => ({ scenario, brand, seed }))));
}

/** results.json (stable and documented in the README, for CI gates and other tools), junit.xml and allure-results/ beside it. */
export function writeResults(outDir: string, seeds: readonly number[], bugs: readonly string[], results: BatchResult['results'], tool: 'simulate' | 'run' = 'simulate', { reports = true, allure = reports }: { reports?: boolean; allure?: boolean } = {}): BatchResult {
  const failed = results.filter((r) => r.verdict === 'fail').length;
  const errors = results.filter((r) => r.verdict === 'error').length;
  const passed = results.filter((r) => r.verdict === 'pass').length;
  const report = { tool: `gallery-sync ${tool}`, version: 1, commit: gitCommit(), seeds, bugs, passed, failed, errors, results };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(report, null, 1) + '\n');
  if (reports) {
    writeFileSync(join(outDir, 'junit.xml'), toJunit(`gallery-sync ${tool}`, results.map((r) => ({ ...r, attachments: filmstripFiles(r.filmstrip).map((file) => displayPath(resolve(outDir, file))) })), new Date()));
    if (allure) writeAllureResults(outDir, `gallery-sync ${tool}`, results, new Date());
    writeHtmlReport(join(outDir, 'results.json'));
  }
  return { results, passed, failed, errors };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
