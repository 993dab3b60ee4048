import fc from 'fast-check';
import type { GenerateContext, Generator } from './action.ts';

/** Small helpers for the generators in the step tables (what `explore` draws from). */

export function gen(weight: number, args: (g: GenerateContext) => fc.Arbitrary<Record<string, unknown>> = (g) => fc.record({ on: g.phone })): Generator {
  return { weight, args };
}

/** A value from a list, the earlier ones more often (they shrink towards the first). */
export const oneOf = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

/** The phone and one of its items: most steps that take an item. */
export const onItem = (g: GenerateContext) => fc.record({ on: g.phone, item: g.item });
