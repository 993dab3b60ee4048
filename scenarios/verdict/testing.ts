import type { BrandName } from '../../fixtures/index.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import { parseScenario } from '../load.ts';
import { explain } from '../oracle/index.ts';
import { simulateScenario, type RunResult } from '../runner/simulate.ts';

/** Runs a scenario written inline (YAML) in `simulate`, as `gallery-sync simulate my.yaml` would. */
export function simulateYaml(yaml: string, options: { brand: BrandName; seed?: number; bugs?: BugProfile[] }): Promise<RunResult> {
  return simulateScenario(parseScenario(yaml, 'inline.yaml'), { seed: 1, ...options });
}

/** The invariants a run broke, once each. */
export const broken = (result: RunResult): string[] => [...new Set(result.violations.map((v) => v.invariant))].sort();

/** The oracle's explanations for a clean run of the scenario on each brand: [] when every promise held. */
export async function violationsOn(yaml: string, brands: readonly BrandName[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const brand of brands) out[brand] = (await simulateYaml(yaml, { brand })).violations.map(explain);
  return out;
}
