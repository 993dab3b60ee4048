import { describe, it } from 'vitest';
import { expectCatalogPasses } from './testing.ts';

// A second file so vitest runs the two halves on both cores.
describe('the clean simulator passes the whole catalog on every brand', () => {
  it('seeds 11–20', () => expectCatalogPasses([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]), 600_000);
});
