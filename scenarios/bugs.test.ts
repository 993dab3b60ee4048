import { describe, expect, it } from 'vitest';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { bugProfileNames, type BugProfile } from '../simulator/bugs.ts';
import { loadCatalog } from './load.ts';
import { brandsFor } from './runner/batch.ts';
import { simulateScenario } from './runner/simulate.ts';
import type { InvariantName } from './schema.ts';

/** Which scenario catches which defect, by which invariant: the same table as the README's. */
export const catches: Record<BugProfile, { scenario: string; invariant: InvariantName }> = {
  'duplicate-on-retry': { scenario: 'response lost after commit leaves no duplicate', invariant: 'no-duplicate' },
  'partial-upload-committed': { scenario: 'connection reset mid-upload leaves no duplicate and no corrupt copy', invariant: 'integrity' },
  'album-selection-ignored': { scenario: 'only chosen albums back up', invariant: 'album-privacy' },
  'hidden-album-uploaded': { scenario: 'a hidden album never leaves the phone', invariant: 'album-privacy' },
  'wifi-only-ignored': { scenario: 'Wi-Fi only waits on mobile data, then backs up on Wi-Fi', invariant: 'wifi-only' },
  'quota-full-drops-queue': { scenario: 'storage full pauses the backup, freed space resumes it', invariant: 'quota-pauses' },
  'revoke-deletes-local': { scenario: 'revoking access mid-backup stops sync and deletes nothing', invariant: 'revoke-stops-sync' },
  'edits-never-uploaded': { scenario: 'an edit on the phone reaches the cloud', invariant: 'edit-propagates' },
  'cloud-delete-not-pulled': { scenario: 'a delete in the cloud reaches two-way phones only', invariant: 'delete-propagates' },
  'device-only-delete-propagates': { scenario: 'delete from device only keeps the cloud copy', invariant: 'delete-propagates' },
  'concurrent-edit-lost': { scenario: 'concurrent edits on the phone and the web keep both', invariant: 'edit-propagates' },
  'sync-token-expiry-ignored': { scenario: 'after a month away the phone resyncs fully', invariant: 'converges' },
};

describe('every known-bug profile is caught by the catalog', () => {
  const catalog = loadCatalog();

  it('has a catching scenario for each profile', () => {
    expect(Object.keys(catches).sort()).toEqual([...bugProfileNames].sort());
  });

  it.each(bugProfileNames)('%s', async (bug) => {
    const { scenario: name, invariant } = catches[bug];
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
