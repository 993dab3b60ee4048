import { describe, expect, it } from 'vitest';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { bugProfileNames } from '../simulator/bugs.ts';
import { loadCatalog } from './load.ts';
import { brandsFor } from './runner/batch.ts';
import { simulateScenario } from './runner/simulate.ts';
import { bugCatches } from './bug-catches.ts';

describe('every known-bug profile is caught by the catalog', () => {
  const catalog = loadCatalog();

  it('has a catching scenario for each profile', () => {
    expect(Object.keys(bugCatches).sort()).toEqual([...bugProfileNames].sort());
  });

  it.each(bugProfileNames)('%s', async (bug) => {
    const { scenario: name, invariant } = bugCatches[bug];
    const scenario = catalog.find((s) => s.name === name);
    expect(scenario, name).toBeDefined();
    const found = new Set<string>();
    for (const brand of brandsFor(scenario!, BRAND_NAMES)) {
      const clean = await simulateScenario(scenario!, { brand, seed: 1 });
      expect(clean.verdict, `${name} on ${brand} without the bug`).toBe('pass');
      const buggy = await simulateScenario(scenario!, { brand, seed: 1, bugs: [bug] });
      for (const v of buggy.violations) found.add(v.invariant);
    }
    expect([...found]).toContain(invariant);
  });
});
