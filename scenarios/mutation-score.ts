import { BRAND_NAMES } from '../fixtures/index.ts';
import { bugProfileNames, bugProfiles, type BugProfile } from '../simulator/bugs.ts';
import { bugCatches } from './bug-catches.ts';
import { loadCatalog } from './load.ts';
import { brandsFor } from './runner/batch.ts';
import { simulateScenario } from './runner/simulate.ts';
import type { InvariantName, Scenario } from './schema.ts';

export interface ProfileVerdict {
  profile: BugProfile;
  description: string;
  invariant: InvariantName;
  scenario: string;
  /** The first brand on which the scenario passes without the defect and fails by `invariant` with it. */
  caughtOn?: string;
  /** Why it is not caught, when it is not. */
  problem?: string;
}

/**
 * The oracle's mutation score, measured: each known-bug profile is switched on in the scenario the table names,
 * which must pass on the clean engine and fail by the named invariant with the defect (seed 1, brand by brand
 * until one shows it). A profile that is not caught is a hole in the oracle or the catalog.
 */
export async function measureMutationScore(options: { catalog?: readonly Scenario[]; profiles?: readonly BugProfile[]; seed?: number } = {}): Promise<ProfileVerdict[]> {
  const { catalog = loadCatalog(), profiles = bugProfileNames, seed = 1 } = options;
  const verdicts: ProfileVerdict[] = [];
  for (const profile of profiles) {
    const { scenario: name, invariant } = bugCatches[profile];
    const verdict: ProfileVerdict = { profile, description: bugProfiles[profile], invariant, scenario: name };
    verdicts.push(verdict);
    const scenario = catalog.find((s) => s.name === name);
    if (!scenario) {
      verdict.problem = `no catalog scenario is named "${name}"`;
      continue;
    }
    for (const brand of brandsFor(scenario, BRAND_NAMES)) {
      const clean = await simulateScenario(scenario, { brand, seed });
      if (clean.verdict !== 'pass') {
        verdict.problem = `the scenario does not pass on ${brand} without the defect`;
        break;
      }
      const buggy = await simulateScenario(scenario, { brand, seed, bugs: [profile] });
      if (buggy.violations.some((v) => v.invariant === invariant)) {
        verdict.caughtOn = brand;
        delete verdict.problem;
        break;
      }
      verdict.problem = `${invariant} never fired (${buggy.verdict === 'pass' ? 'the run passed' : `found: ${[...new Set(buggy.violations.map((v) => v.invariant))].join(', ') || buggy.verdict}`})`;
    }
  }
  return verdicts;
}

/** The table `simulate --list-bugs` prints, ending with the score. */
export function formatMutationScore(verdicts: readonly ProfileVerdict[]): string {
  const width = Math.max(...verdicts.map((v) => v.profile.length));
  const lines = verdicts.map((v) => `${v.profile.padEnd(width)}  ${v.caughtOn ? `caught by ${v.invariant} on ${v.caughtOn}` : `NOT CAUGHT: ${v.problem}`} — "${v.scenario}"`);
  const caught = verdicts.filter((v) => v.caughtOn).length;
  lines.push('', `mutation score: ${caught}/${verdicts.length} profiles caught by the invariant the README names (seed 1)`);
  return lines.join('\n');
}
