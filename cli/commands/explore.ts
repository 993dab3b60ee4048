import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BRAND_NAMES } from '../../fixtures/index.ts';
import { writeAllureResults } from '../../reports/allure.ts';
import { painter, plural, type Paint } from '../../reports/console.ts';
import { explore, type ExploreReport } from '../../scenarios/explore/explore.ts';
import { loadScenario } from '../../scenarios/load.ts';
import { saveRun } from '../../scenarios/runner/batch.ts';
import { simulateScenario } from '../../scenarios/runner/simulate.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import { parseDuration } from '../../scenarios/schema.ts';
import { outFolder } from '../folders.ts';
import { EXIT, parseIntOption, UsageError } from '../usage-error.ts';
import { parseBrands, parseBugs, parseShard } from './scenario-options.ts';

interface ExploreFlags {
  runs: number;
  timeBudget?: string;
  seed: number;
  brand?: string;
  bug: string[];
  phones: string;
  shard?: string;
  out: string;
  replays: number;
}

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('search random two-way sync histories for a broken invariant, and shrink the first one found to the smallest scenario that still breaks it')
    .option('--runs <n>', 'histories to try at most', parseIntOption('--runs', 1), 2000)
    .option('--time-budget <duration>', 'or stop after this much wall time, e.g. 10m')
    .option('--seed <n>', 'the search seed: the same seed and commit try the same histories', parseIntOption('--seed'), 1)
    .option('--brand <list>', `brands to draw from (${BRAND_NAMES.join(', ')}); default: all`)
    .option('--bug <profile>', 'switch on a known-bug profile (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--phones <range>', 'phones on the account, e.g. 2 or 1..3', '1..2')
    .option('--shard <i/n>', "this CI job's own stream of histories (the n shards search n different streams)")
    .option('--replays <n>', 'replays of a failure to tell a deterministic one from a flaky one', parseIntOption('--replays', 1), 3)
    .option('--out <dir>', 'where repro-<seed>.yaml and explore/results.json go', 'reports/out')
    .action(async (flags: ExploreFlags) => {
      const brands = parseBrands(flags.brand);
      const bugs = parseBugs(flags.bug);
      const phones = parsePhones(flags.phones);
      const shard = parseShard(flags.shard);
      const timeBudgetMs = flags.timeBudget === undefined ? undefined : parseBudget(flags.timeBudget);
      const outDir = outFolder('--out', flags.out);
      const tty = Boolean(process.stdout.isTTY);
      console.log(`explore: up to ${plural(flags.runs, 'history', 'histories')}${timeBudgetMs ? ` or ${flags.timeBudget}` : ''}, seed ${flags.seed}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}, ${phones.min === phones.max ? plural(phones.min, 'phone') : `${phones.min}–${phones.max} phones`} on ${brands.join(', ')}${bugs.length ? `, bug profile ${bugs.join(', ')}` : ''}`);
      const report = await explore({
        seed: flags.seed,
        runs: flags.runs,
        ...(timeBudgetMs ? { timeBudgetMs } : {}),
        brands,
        bugs,
        phones,
        ...(shard ? { shard } : {}),
        outDir,
        replays: flags.replays,
        onProgress: (runs) => (tty ? process.stdout.write(`\r  ${runs} histories…\x1b[K`) : runs % 500 === 0 && console.log(`  ${runs} histories…`)),
      });
      if (tty) process.stdout.write('\r\x1b[K');
      printReport(report);
      mkdirSync(join(outDir, 'explore'), { recursive: true });
      writeFileSync(join(outDir, 'explore', 'results.json'), `${JSON.stringify({ tool: 'gallery-sync explore', version: 1, brands, bugs, phones, ...report }, null, 1)}\n`);
      await writeExploreAllure(outDir, report, bugs, flags.seed);
      if (report.runs === 0) throw new UsageError('explore: no history ran (raise --time-budget or --runs)');
      process.exitCode = report.finding ? EXIT.failed : EXIT.ok;
    });
}

function printReport(report: ExploreReport, paint: Paint = painter()): void {
  const perMinute = report.searchMs > 0 ? Math.round((report.runs / report.searchMs) * 60_000) : 0;
  console.log(`${plural(report.runs, 'history', 'histories')} in ${(report.searchMs / 1000).toFixed(1)} s (${perMinute} a minute)${report.finding ? `; shrinking and replays took ${((report.wallMs - report.searchMs) / 1000).toFixed(1)} s more` : ''}`);
  console.log('\nhow often each situation came up:');
  for (const [situation, count] of Object.entries(report.coverage)) console.log(`  ${String(count).padStart(6)}  ${situation}${count === 0 ? '   ← never reached' : ''}`);
  const f = report.finding;
  if (!f) return void console.log(`\n${paint('green', 'no invariant broken')}`);
  console.log(`\n${paint('red', `✗ ${f.invariant} broken on ${f.brand}`)} after ${plural(f.runsToFind, 'history', 'histories')}; shrunk from ${f.originalSteps} to ${plural(f.shrunkSteps, 'step')} (${f.classification}: ${plural(f.replays, 'replay')}, ${f.classification === 'deterministic' ? 'the same history each time' : 'different outcomes'})`);
  for (const line of f.explanation.slice(0, 3)) console.log(`  ${line}`);
  console.log(`  repro:  ${f.reproFile}\n  replay: ${f.replay}`);
}

/**
 * Allure results for a search: the shrunk repro replayed once more (deterministic: the very run explore found) as a
 * failed test with its steps, evidence and history; no finding, one passed test saying how many histories held.
 */
export async function writeExploreAllure(outDir: string, report: ExploreReport, bugs: BugProfile[], seed: number): Promise<void> {
  const tool = 'gallery-sync explore';
  const f = report.finding;
  if (f) {
    const result = await simulateScenario(loadScenario(f.reproFile), { brand: f.brand, seed: report.seed, bugs });
    writeAllureResults(outDir, tool, [{ ...saveRun(outDir, result, 'simulate'), replay: f.replay }], new Date());
    return;
  }
  const command = `npx gallery-sync explore --seed ${seed} --runs ${report.runs}${bugs.map((b) => ` --bug ${b}`).join('')}`;
  const held = { scenario: `explore seed ${report.seed}: ${report.runs} random histories`, file: '', brand: 'any', seed: report.seed, bugs, verdict: 'pass' as const, steps: [], violations: [], explanations: [], historyFile: '', replay: command, wallMs: report.wallMs };
  writeAllureResults(outDir, tool, [held], new Date());
}

/** `2` or `1..3`: how many phones share the account (1 to 3). */
function parsePhones(value: string): { min: number; max: number } {
  const m = /^([1-3])(?:\.\.([1-3]))?$/.exec(value.trim());
  const min = Number(m?.[1]);
  const max = Number(m?.[2] ?? m?.[1]);
  if (!m || max < min) throw new UsageError(`--phones must be 1, 2, 3 or a range like 1..3, got "${value}"`);
  return { min, max };
}

function parseBudget(value: string): number {
  try {
    const ms = parseDuration(value);
    if (ms > 0) return ms;
  } catch {
    // said below
  }
  throw new UsageError(`--time-budget must be a duration like 90s, 10m or 2h, got "${value}"`);
}
