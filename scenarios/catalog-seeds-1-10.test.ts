import { describe, it } from 'vitest';
import { expectCatalogPasses } from './testing.ts';

describe('the clean simulator passes the whole catalog on every brand', () => {
  it('seeds 1–10', () => expectCatalogPasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 600_000);
});
