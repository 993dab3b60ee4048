import { describe, expect, it } from 'vitest';
import type { BrandName } from '../fixtures/index.ts';
import type { HistoryEvent } from '../runtime/history.ts';
import type { BugProfile } from '../simulator/bugs.ts';
import { bugCatches } from './bug-catches.ts';
import { loadCatalog } from './load.ts';
import { simulateScenario } from './runner/simulate.ts';

const phoneOps = (h: readonly HistoryEvent[], op: string, type: HistoryEvent['type'] = 'ok') => h.filter((e) => e.process === 'phone' && e.op === op && e.type === type);
const files = (e: HistoryEvent) => (e.value as { files?: string[] }).files ?? [];
const captured = (h: readonly HistoryEvent[]) => phoneOps(h, 'capture', 'info').map((e) => e.value as { file: string; bytes: number; sha256: string });

/**
 * What each defect does, seen in the phone's own history: present with the switch on, absent without it, in the
 * scenario that catches it. (The oracle's side — which invariant fails — is scenarios/bugs.test.ts.)
 */
const effects: Array<{ profile: BugProfile; brand: BrandName; effect: string; seen: (h: readonly HistoryEvent[]) => boolean }> = [
  { profile: 'edit-uploaded-as-new-item', brand: 'xiaomi', effect: 'the edit goes up by batchCreate, never as a version', seen: (h) => phoneOps(h, 'sync.addVersion', 'invoke').length === 0 && phoneOps(h, 'mediaItems.batchCreate').some((e) => (e.value as { edit?: boolean }).edit === true) },
  { profile: 'restore-loses-album', brand: 'xiaomi', effect: 'the photo leaves its album before it is trashed', seen: (h) => phoneOps(h, 'albums.batchRemoveMediaItems').length > 0 },
  { profile: 'motion-photo-video-dropped', brand: 'oppo', effect: 'a motion photo goes up shorter than it is', seen: (h) => phoneOps(h, 'upload.start').some((e) => { const v = e.value as { file: string; bytes: number }; return captured(h).some((c) => c.file === v.file && c.bytes > v.bytes); }) },
  { profile: 'file-renamed-on-upload', brand: 'oppo', effect: 'photos go up under the app\'s cache names', seen: (h) => phoneOps(h, 'mediaItems.batchCreate').flatMap(files).some((f) => /^\d+\.jpg$/.test(f)) },
  { profile: 'trash-purged-after-30-days', brand: 'xiaomi', effect: 'the app deletes a cloud copy forever', seen: (h) => phoneOps(h, 'sync.delete').length > 0 },
  { profile: 'backup-reenabled-forgets-synced', brand: 'oppo', effect: 'photos already backed up are created again after backup is turned back on', seen: (h) => new Set(phoneOps(h, 'mediaItems.batchCreate').flatMap(files)).size < phoneOps(h, 'mediaItems.batchCreate').flatMap(files).length },
  { profile: 'offline-delete-forgotten-on-restart', brand: 'oppo', effect: 'the cloud copy is never trashed', seen: (h) => phoneOps(h, 'sync.trash', 'invoke').length === 0 },
  { profile: 'album-move-not-propagated', brand: 'xiaomi', effect: 'no album change is sent for the move', seen: (h) => phoneOps(h, 'albums.batchRemoveMediaItems', 'invoke').length === 0 },
  { profile: 'cloud-edit-overwrites-phone-edit', brand: 'xiaomi', effect: 'the phone edit is never sent', seen: (h) => phoneOps(h, 'sync.addVersion', 'invoke').length === 0 && !phoneOps(h, 'conflict.kept-both', 'info').length },
  { profile: 'wifi-wait-dropped-on-reboot', brand: 'oppo', effect: 'on Wi-Fi again, nothing is backed up', seen: (h) => phoneOps(h, 'mediaItems.batchCreate', 'invoke').length === 0 },
  { profile: 'complete-with-items-waiting', brand: 'oppo', effect: 'one batch, then "Backup complete"', seen: (h) => phoneOps(h, 'mediaItems.batchCreate').length === 1 && phoneOps(h, 'status', 'info').some((e) => e.value === 'Backup complete') },
  { profile: 'deleted-before-backup-uploaded', brand: 'oppo', effect: 'the deleted photo is uploaded', seen: (h) => phoneOps(h, 'mediaItems.batchCreate').flatMap(files).includes(captured(h)[0]?.file ?? '') },
  { profile: 'queue-stuck-on-unreadable', brand: 'oppo', effect: 'the empty file is sent again and again, and never skipped', seen: (h) => phoneOps(h, 'upload.send', 'fail').length > 3 && phoneOps(h, 'skipped', 'info').length === 0 },
  { profile: 'quota-full-marks-done', brand: 'oppo', effect: 'photos that hit "Storage full" are never sent again', seen: (h) => { const up = new Set(phoneOps(h, 'backed-up', 'info').map((e) => (e.value as { file: string }).file)); return captured(h).some((c) => !up.has(c.file)); } },
];

describe('each new known-bug profile is one switch with a visible effect', () => {
  const catalog = loadCatalog();

  it.each(effects)('$profile: $effect', async ({ profile, brand, seen }) => {
    const scenario = catalog.find((s) => s.name === bugCatches[profile].scenario);
    expect(scenario).toBeDefined();
    const clean = await simulateScenario(scenario!, { brand, seed: 1 });
    const buggy = await simulateScenario(scenario!, { brand, seed: 1, bugs: [profile] });
    expect(seen(clean.history), 'without the defect').toBe(false);
    expect(seen(buggy.history), 'with the defect').toBe(true);
  });
});
