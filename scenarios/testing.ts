import { expect } from 'vitest';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { explain } from './oracle/index.ts';
import { loadCatalog } from './load.ts';
import { brandsFor, replayCommand } from './runner/batch.ts';
import { simulateScenario } from './runner/simulate.ts';

/** Runs every catalog scenario on each of its brands for these seeds; fails listing each failure with its replay. */
export async function expectCatalogPasses(seeds: readonly number[]): Promise<void> {
  const failures: string[] = [];
  let runs = 0;
  for (const scenario of loadCatalog()) {
    for (const brand of brandsFor(scenario, BRAND_NAMES)) {
      for (const seed of seeds) {
        const result = await simulateScenario(scenario, { brand, seed });
        runs++;
        if (result.verdict === 'fail') failures.push(`${replayCommand(result)}\n${result.violations.slice(0, 2).map(explain).join('\n')}`);
      }
    }
  }
  expect(runs).toBeGreaterThan(100 * seeds.length);
  expect(failures).toEqual([]);
}
