import type { BugProfile } from '../simulator/bugs.ts';
import type { InvariantName } from './schema.ts';

/**
 * Which catalog scenario catches each known-bug profile, by which invariant: the table the README prints and
 * `simulate --list-bugs` measures. A profile the catalog does not catch is a hole in the oracle.
 */
export const bugCatches: Record<BugProfile, { scenario: string; invariant: InvariantName }> = {
  'duplicate-on-retry': { scenario: 'response lost after commit leaves no duplicate', invariant: 'no-duplicate' },
  'partial-upload-committed': { scenario: 'connection reset mid-upload leaves no duplicate and no corrupt copy', invariant: 'integrity' },
  'album-selection-ignored': { scenario: 'only chosen albums back up', invariant: 'album-privacy' },
  'hidden-album-uploaded': { scenario: 'a hidden album never leaves the phone', invariant: 'album-privacy' },
  'wifi-only-ignored': { scenario: 'Wi-Fi only waits on mobile data, through a restart, then backs up on Wi-Fi', invariant: 'wifi-only' },
  'quota-full-drops-queue': { scenario: 'storage full pauses the backup, freed space resumes it', invariant: 'quota-pauses' },
  'revoke-deletes-local': { scenario: 'revoking access mid-backup stops sync and deletes nothing', invariant: 'revoke-stops-sync' },
  'edits-never-uploaded': { scenario: 'an edit on the phone reaches the cloud', invariant: 'edit-propagates' },
  'cloud-delete-not-pulled': { scenario: 'a delete in the cloud reaches two-way phones only', invariant: 'delete-propagates' },
  'device-only-delete-propagates': { scenario: 'delete from device only keeps the cloud copy', invariant: 'delete-propagates' },
  'concurrent-edit-lost': { scenario: 'concurrent edits on the phone and the web keep both', invariant: 'edit-propagates' },
  'sync-token-expiry-ignored': { scenario: 'after a month away the phone resyncs fully', invariant: 'converges' },
  'edit-uploaded-as-new-item': { scenario: 'an edit on the phone reaches the cloud', invariant: 'edit-propagates' },
  'restore-loses-album': { scenario: 'restore on day 59 brings the photo back', invariant: 'metadata' },
  'motion-photo-video-dropped': { scenario: 'motion photos back up whole, the photo and its video', invariant: 'integrity' },
  'file-renamed-on-upload': { scenario: 'first backup', invariant: 'metadata' },
  'trash-purged-after-30-days': { scenario: 'on day 61 the trashed photo is gone for good', invariant: 'trash-retention' },
  'backup-reenabled-forgets-synced': { scenario: 'turning backup off and on again brings back nothing deleted on the web', invariant: 'no-resurrection' },
  'offline-delete-forgotten-on-restart': { scenario: 'a delete made offline survives a phone restart', invariant: 'delete-propagates' },
  'album-move-not-propagated': { scenario: 'moving a photo to another album', invariant: 'metadata' },
  'cloud-edit-overwrites-phone-edit': { scenario: 'concurrent edits on the phone and the web keep both', invariant: 'edit-propagates' },
  'wifi-wait-dropped-on-reboot': { scenario: 'Wi-Fi only waits on mobile data, through a restart, then backs up on Wi-Fi', invariant: 'no-loss' },
  'complete-with-items-waiting': { scenario: 'more than 50 new items at once', invariant: 'no-loss' },
  'deleted-before-backup-uploaded': { scenario: 'a photo deleted before it was backed up never reaches the cloud', invariant: 'delete-propagates' },
  'queue-stuck-on-unreadable': { scenario: 'a corrupt file in the camera folder does not block the queue', invariant: 'no-loss' },
  'quota-full-marks-done': { scenario: 'storage full pauses the backup, freed space resumes it', invariant: 'quota-pauses' },
};
