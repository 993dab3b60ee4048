import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BRAND_NAMES, isBrandName, type BrandName } from '../../fixtures/index.ts';
import { catalogDir, loadCatalog, loadScenario, ScenarioError } from '../../scenarios/load.ts';
import { brandsFor, type Shard } from '../../scenarios/runner/batch.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { bugProfileNames, isBugProfile, type BugProfile } from '../../simulator/bugs.ts';
import { describeFlake, type Flake } from '../../reports/flake.ts';
import { fitWords, painter, plural, type Paint } from '../../reports/console.ts';
import { UsageError } from '../usage-error.ts';

/** What `simulate` and `run` share: picking scenarios, brands and bug profiles, and printing the verdict. */

export function parseBrands(value: string | undefined): BrandName[] {
  if (!value) return [...BRAND_NAMES];
  const brands = value.split(',').map((b) => b.trim());
  const unknown = brands.find((b) => !isBrandName(b));
  if (unknown !== undefined) throw new UsageError(`--brand: unknown brand "${unknown}"; known: ${BRAND_NAMES.join(', ')}`);
  return brands as BrandName[];
}

export const isScenarioFile = (filter: string): boolean => /\.ya?ml$/i.test(filter);

/**
 * The scenarios the arguments name, in the order given: scenario files (`.yaml`/`.yml`, yours or the catalog's)
 * and catalog names, where a scenario's exact full name selects it alone and otherwise a part of its name or
 * file name selects every scenario containing it; none = the whole catalog. `tags` keeps the scenarios that
 * carry one of them. A name that matches nothing, or tags that leave nothing, is bad input (one line).
 */
export function select(filters: readonly string[], tags: readonly string[] = []): Scenario[] {
  try {
    let catalog: Scenario[] | undefined;
    const fromCatalog = () => (catalog ??= loadCatalog());
    const picked: Scenario[] = [];
    for (const filter of filters) {
      if (isScenarioFile(filter)) {
        // A catalog file may be named by its file name alone.
        const path = !existsSync(resolve(filter)) && existsSync(join(catalogDir, filter)) ? join(catalogDir, filter) : resolve(filter);
        picked.push(loadScenario(path));
        continue;
      }
      const exact = fromCatalog().filter((s) => s.name === filter);
      const matches = exact.length ? exact : fromCatalog().filter((s) => s.name.includes(filter) || basename(s.file).includes(filter));
      if (matches.length === 0) throw new UsageError(`no scenario matches ${JSON.stringify(filter)}; see --list (a file of your own ends in .yaml)`);
      picked.push(...matches);
    }
    const chosen = filters.length ? picked.filter((s, i) => picked.findIndex((t) => t.file === s.file) === i) : fromCatalog();
    if (tags.length === 0) return chosen;
    const tagged = chosen.filter((s) => s.tags.some((t) => tags.includes(t)));
    if (tagged.length === 0) {
      const known = [...new Set(chosen.flatMap((s) => s.tags))].sort();
      throw new UsageError(`--tag ${tags.join(', ')}: none of the ${chosen.length} selected scenario${chosen.length === 1 ? '' : 's'} has ${tags.length > 1 ? 'any of these tags' : 'this tag'} (their tags: ${known.join(', ') || 'none'})`);
    }
    return tagged;
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--shard i/n`: this CI job's share of the plan, 1 ≤ i ≤ n. */
export function parseShard(value: string | undefined, option = '--shard'): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new UsageError(`${option} must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${value}"`);
  return { index, count };
}

/** Why a selection has no run on the brands asked for, in one line (for the exit-2 message). */
export function noRunOnBrands(scenarios: readonly Scenario[], brands: readonly BrandName[], brandFlag: string | undefined): string {
  const where = scenarios.slice(0, 3).map((s) => `"${s.name}" runs on ${brandsFor(s, BRAND_NAMES).join(', ') || 'no brand'}`);
  return `${brandFlag === undefined ? '' : `--brand ${brandFlag}: `}no run selected: none of the ${scenarios.length} selected scenario${scenarios.length === 1 ? '' : 's'} runs on ${brands.join(', ')} (${where.join('; ')}${scenarios.length > 3 ? '; …' : ''})`;
}

/** Why a shard has no run, in one line. */
export function emptyShard(shard: Shard, planned: number): string {
  return `--shard ${shard.index}/${shard.count}: no run selected: this shard is empty (the plan has ${planned} run${planned === 1 ? '' : 's'} for ${shard.count} shards)`;
}

/** The verdict per scenario × brand, one row a scenario (its name cut at a word's end if long), coloured on a terminal. */
export function printTable(results: Array<{ scenario: string; brand: string; verdict: string }>, paint: Paint = painter()): void {
  const rows = new Map<string, Map<string, { pass: number; error: number; total: number }>>();
  for (const r of results) {
    const row = rows.get(r.scenario) ?? new Map();
    const cell = row.get(r.brand) ?? { pass: 0, error: 0, total: 0 };
    cell.total++;
    if (r.verdict === 'pass') cell.pass++;
    if (r.verdict === 'error') cell.error++;
    row.set(r.brand, cell);
    rows.set(r.scenario, row);
  }
  const width = Math.min(56, Math.max(8, ...[...rows.keys()].map((k) => k.length)));
  console.log(`\n${'scenario'.padEnd(width)}  ${BRAND_NAMES.map((b) => b.padEnd(9)).join(' ')}`);
  for (const [name, row] of rows) {
    const cells = BRAND_NAMES.map((b) => {
      const c = row.get(b);
      if (!c) return '–'.padEnd(9);
      // Padded before painting: the escape codes take no room on screen.
      if (c.pass === c.total) return paint('green', `ok ${c.total}`.padEnd(9));
      if (c.error === c.total - c.pass) return paint('yellow', `ERROR ${c.error}/${c.total}`.padEnd(9));
      return paint('red', `FAIL ${c.total - c.pass - c.error}/${c.total}${c.error ? `+E${c.error}` : ''}`.padEnd(9));
    });
    console.log(`${fitWords(name, width).padEnd(width)}  ${cells.join(' ')}`.trimEnd());
  }
}

export function parseBugs(values: readonly string[]): BugProfile[] {
  return values.map((b): BugProfile => {
    if (!isBugProfile(b)) throw new UsageError(`--bug: unknown profile "${b}"; known: ${bugProfileNames.join(', ')}`);
    return b;
  });
}

const shownRuns = 10;
const shownViolations = 3;

/**
 * The first errors (runs that could not start, crashed or did not finish: not judged), each in its one line, then
 * the first failures, each with the step where it went wrong, the oracle's words and the command that replays it.
 * Each explanation once: the same violation found again by a later check (`expect: consistent` after `expect:
 * edit-propagates`, say) is not repeated; what is cut is counted ("… and 2 more").
 */
export function printFailures(results: ReadonlyArray<{ scenario: string; brand: string; seed: number; verdict: string; error?: string; failedStep?: number; steps: string[]; explanations: string[]; replay: string; flake?: Flake }>, out: string, paint: Paint = painter()): void {
  const errors = results.filter((r) => r.verdict === 'error');
  for (const e of errors.slice(0, shownRuns)) {
    console.log(`\n${paint('yellow', `! ERROR ${e.scenario} on ${e.brand}, seed ${e.seed}`)}: not judged: ${e.error ?? 'the run could not start or did not finish'}`);
    console.log(`  ${paint('dim', 'replay:')} ${e.replay}`);
    if (e.flake) console.log(`  ${paint('dim', 'replayed:')} ${describeFlake(e.flake)}`);
  }
  if (errors.length > shownRuns) console.log(`\n… and ${plural(errors.length - shownRuns, 'more error')} in ${out}/results.json`);
  const failures = results.filter((r) => r.verdict === 'fail');
  for (const f of failures.slice(0, shownRuns)) {
    console.log(`\n${paint('red', `✗ ${f.scenario} on ${f.brand}, seed ${f.seed}`)}${f.failedStep !== undefined ? ` (at step ${f.failedStep + 1}: ${f.steps[f.failedStep] ?? 'final check'})` : ''}`);
    const explanations = [...new Set(f.explanations)];
    console.log(explanations.slice(0, shownViolations).join('\n'));
    if (explanations.length > shownViolations) console.log(`  … and ${plural(explanations.length - shownViolations, 'more violation')} in ${out}/results.json`);
    console.log(`  ${paint('dim', 'replay:')} ${f.replay}`);
    if (f.flake) console.log(`  ${paint('dim', 'replayed:')} ${describeFlake(f.flake)}`);
  }
  if (failures.length > shownRuns) console.log(`\n… and ${plural(failures.length - shownRuns, 'more failure')} in ${out}/results.json`);
}

/** The closing line: passed (green), failed (red when any), errors (when any), and where the reports are. */
export function verdictLine(batch: { passed: number; failed: number; errors: number }, errorsAre: string, seconds: number, out: string, paint: Paint = painter()): string {
  const failed = `${batch.failed} failed`;
  const errors = batch.errors ? `, ${paint('yellow', plural(batch.errors, 'error'))} (not judged: ${errorsAre})` : '';
  return `\n${batch.passed ? paint('green', `${batch.passed} passed`) : '0 passed'}, ${batch.failed ? paint('red', failed) : failed}${errors} in ${seconds.toFixed(1)} s — ${out}/results.json, junit.xml, index.html, allure-results/`;
}
