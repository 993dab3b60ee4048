import { describe, expect, it } from 'vitest';
import { classify, describeFlake, outcomeOf } from './flake.ts';

describe('flake classification of a failing run', () => {
  const fail = (...invariants: string[]) => ({ verdict: 'fail', violations: invariants.map((invariant) => ({ invariant })) });

  it('compares replays by verdict and the set of invariants broken, not their order or count', () => {
    expect(outcomeOf(fail('no-loss', 'metadata', 'no-loss'))).toBe(outcomeOf(fail('metadata', 'no-loss')));
    expect(outcomeOf(fail('no-loss'))).not.toBe(outcomeOf(fail('metadata')));
    expect(outcomeOf({ verdict: 'pass', violations: [] })).toBe('pass');
  });

  it('the same outcome on every replay is deterministic; any other outcome on one replay is flaky', () => {
    const original = outcomeOf(fail('no-duplicate'));
    expect(classify(original, [original, original]).classification).toBe('deterministic');
    expect(classify(original, [original, 'pass']).classification).toBe('flaky');
    expect(classify(original, [outcomeOf(fail('no-duplicate', 'no-loss'))]).classification).toBe('flaky');
    expect(describeFlake(classify(original, [original, 'pass']))).toBe('flaky (2 replays: fail: no-duplicate; pass)');
    expect(describeFlake(classify(original, [original]))).toBe('deterministic (1 replay, the same outcome)');
  });
});
