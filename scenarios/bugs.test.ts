import { describe, expect, it } from 'vitest';
import { bugProfileNames } from '../simulator/bugs.ts';
import { bugCatches } from './bug-catches.ts';
import { loadCatalog } from './load.ts';
import { measureMutationScore } from './mutation-score.ts';

describe('every known-bug profile is caught by the catalog, by the invariant the table names', () => {
  const catalog = loadCatalog();

  it('has a catching scenario for each profile', () => {
    expect(Object.keys(bugCatches).sort()).toEqual([...bugProfileNames].sort());
    expect(bugProfileNames.length).toBeGreaterThanOrEqual(24);
  });

  it.each(bugProfileNames)('%s', async (profile) => {
    const [verdict] = await measureMutationScore({ catalog, profiles: [profile] });
    expect(verdict?.problem).toBeUndefined();
    expect(verdict?.caughtOn).toBeDefined();
  });
});
