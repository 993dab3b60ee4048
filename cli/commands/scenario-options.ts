import { resolve } from 'node:path';
import { BRAND_NAMES, isBrandName, type BrandName } from '../../fixtures/index.ts';
import { loadCatalog, loadScenario, ScenarioError } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { bugProfileNames, isBugProfile, type BugProfile } from '../../simulator/bugs.ts';
import { UsageError } from '../usage-error.ts';

/** What `simulate` and `run` share: picking scenarios, brands and bug profiles, and printing the verdict. */

export function parseBrands(value: string | undefined): BrandName[] {
  if (!value) return [...BRAND_NAMES];
  const brands = value.split(',').map((b) => b.trim());
  const unknown = brands.find((b) => !isBrandName(b));
  if (unknown !== undefined) throw new UsageError(`--brand: unknown brand "${unknown}"; known: ${BRAND_NAMES.join(', ')}`);
  return brands as BrandName[];
}

export function select(filters: string[]): Scenario[] {
  try {
    const files = filters.filter((f) => /\.ya?ml$/.test(f)).map((f) => loadScenario(resolve(f)));
    const names = filters.filter((f) => !/\.ya?ml$/.test(f));
    const catalog = files.length && !names.length ? [] : loadCatalog();
    const picked = names.length ? catalog.filter((s) => names.some((n) => s.name === n || s.name.includes(n) || s.file.includes(n))) : catalog;
    if (names.length && picked.length === 0) throw new UsageError(`no scenario matches ${names.map((n) => JSON.stringify(n)).join(', ')}; see --list`);
    return [...files, ...picked];
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}

export function printTable(results: Array<{ scenario: string; brand: string; verdict: string }>): void {
  const rows = new Map<string, Map<string, { pass: number; total: number }>>();
  for (const r of results) {
    const row = rows.get(r.scenario) ?? new Map();
    const cell = row.get(r.brand) ?? { pass: 0, total: 0 };
    cell.total++;
    if (r.verdict === 'pass') cell.pass++;
    row.set(r.brand, cell);
    rows.set(r.scenario, row);
  }
  const width = Math.min(56, Math.max(8, ...[...rows.keys()].map((k) => k.length)));
  console.log(`\n${'scenario'.padEnd(width)}  ${BRAND_NAMES.map((b) => b.padEnd(9)).join(' ')}`);
  for (const [name, row] of rows) {
    const cells = BRAND_NAMES.map((b) => {
      const c = row.get(b);
      return (c ? (c.pass === c.total ? `ok ${c.total}` : `FAIL ${c.total - c.pass}/${c.total}`) : '–').padEnd(9);
    });
    console.log(`${name.slice(0, width).padEnd(width)}  ${cells.join(' ')}`);
  }
}


export function parseBugs(values: readonly string[]): BugProfile[] {
  return values.map((b): BugProfile => {
    if (!isBugProfile(b)) throw new UsageError(`--bug: unknown profile "${b}"; known: ${bugProfileNames.join(', ')}`);
    return b;
  });
}

/** The first failures, each with the step where it went wrong, the oracle's words and the command that replays it. */
export function printFailures(results: ReadonlyArray<{ scenario: string; brand: string; seed: number; verdict: string; failedStep?: number; steps: string[]; explanations: string[]; replay: string }>, out: string): void {
  const failures = results.filter((r) => r.verdict === 'fail');
  for (const f of failures.slice(0, 10)) {
    console.log(`\n✗ ${f.scenario} on ${f.brand}, seed ${f.seed}${f.failedStep !== undefined ? ` (at step ${f.failedStep + 1}: ${f.steps[f.failedStep] ?? 'final check'})` : ''}`);
    console.log(f.explanations.slice(0, 3).join('\n'));
    console.log(`  replay: ${f.replay}`);
  }
  if (failures.length > 10) console.log(`\n… and ${failures.length - 10} more failures in ${out}/results.json`);
}
