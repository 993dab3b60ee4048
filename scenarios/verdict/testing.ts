import type { BrandName } from '../../fixtures/index.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import { parseScenario } from '../load.ts';
import { simulateScenario, type RunResult } from '../runner/simulate.ts';

/** Runs a scenario written inline (YAML) in `simulate`, as `gallery-sync simulate my.yaml` would. */
export function simulateYaml(yaml: string, options: { brand: BrandName; seed?: number; bugs?: BugProfile[] }): Promise<RunResult> {
  return simulateScenario(parseScenario(yaml, 'inline.yaml'), { seed: 1, ...options });
}

/** The invariants a run broke, once each. */
export const broken = (result: RunResult): string[] => [...new Set(result.violations.map((v) => v.invariant))].sort();
