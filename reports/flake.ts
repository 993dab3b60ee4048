/**
 * A failing run replayed: the same outcome every time is a deterministic failure (replay it and debug it); a
 * different outcome on some replay is a flaky one (real time and real processes decide it, not only the seed).
 */
export interface Flake {
  classification: 'deterministic' | 'flaky';
  /** The replays' outcomes, in order: `pass`, `error`, or `fail: <invariants>`. */
  replays: string[];
}

/** What a replay is compared by: the verdict and the invariants broken, not the wording or the timings. */
export function outcomeOf(run: { verdict: string; violations: ReadonlyArray<{ invariant: string }> }): string {
  return run.verdict === 'fail' ? `fail: ${[...new Set(run.violations.map((v) => v.invariant))].sort().join(', ')}` : run.verdict;
}

export function classify(original: string, replays: readonly string[]): Flake {
  return { classification: replays.every((r) => r === original) ? 'deterministic' : 'flaky', replays: [...replays] };
}

/** One line for a console, a JUnit body or a report: `deterministic (2 replays, the same outcome)`. */
export function describeFlake(flake: Flake): string {
  const n = flake.replays.length;
  const replays = `${n} replay${n === 1 ? '' : 's'}`;
  return flake.classification === 'deterministic' ? `deterministic (${replays}, the same outcome)` : `flaky (${replays}: ${flake.replays.join('; ')})`;
}
