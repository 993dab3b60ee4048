import { createHash } from 'node:crypto';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/**
 * The seeded randomness of the simulated world. `fork(label)` gives an independent stream per component, so
 * adding a random draw in one place does not shift every other component's draws.
 */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  fork(label: string): Rng;
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const generator = xoroshiro128plus(seed | 0);
  const rng: Rng = {
    seed,
    next: () => uniformFloat64(generator),
    int: (min, max) => uniformInt(generator, min, max),
    chance: (probability) => probability >= 1 || (probability > 0 && uniformFloat64(generator) < probability),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[uniformInt(generator, 0, items.length - 1)] as (typeof items)[number];
    },
    fork: (label) => createRng(deriveSeed(seed, label)),
  };
  return rng;
}

/** A 32-bit seed derived from a parent seed and a label (stable across runs and platforms). */
export function deriveSeed(seed: number, label: string): number {
  return createHash('sha256').update(`${seed}:${label}`).digest().readInt32LE(0);
}
