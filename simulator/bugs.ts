/**
 * Known-bug profiles: each is one small switch in the reference engine that reproduces a defect users reported.
 * The oracle must catch every one of them; the clean engine must pass everything.
 */
export const bugProfiles = {
  'duplicate-on-retry': 'After a lost batchCreate response the app rewrites the photo\'s backup marker and uploads the changed bytes: the cloud gets a second copy ("duplicates after re-upload").',
  'partial-upload-committed': 'After a cut mid-upload the app finalizes with the bytes it managed to send: a truncated, corrupt photo lands in the cloud ("reports of corrupted files").',
  'album-selection-ignored': 'Every album is backed up, not just the chosen ones ("a folder I turned off still uploads").',
  'hidden-album-uploaded': 'Hidden / private albums are backed up ("my private album showed up in Google Photos").',
  'wifi-only-ignored': '"Back up over Wi-Fi only" is ignored on mobile data.',
  'quota-full-drops-queue': 'When storage is full the waiting items are dropped and never retried, even after space frees ("backup stopped and never resumed").',
  'revoke-deletes-local': 'Revoking Google Photos access deletes the phone copies of backed-up items.',
  'edits-never-uploaded': 'Edits made on the phone are never pushed to the cloud ("edits not appearing in both apps").',
  'cloud-delete-not-pulled': 'Items trashed in the cloud (web, another phone) stay on the phone ("deleted on the web, still on my phone").',
  'device-only-delete-propagates': '"Delete from device only" trashes the cloud copy too ("I freed space on my phone and lost the photo everywhere").',
  'concurrent-edit-lost': 'When the cloud has a newer edit, the phone overwrites it (If-Match: *), silently losing the other edit.',
  'sync-token-expiry-ignored': 'When the change feed says the sync token expired, the app keeps its old token and never resyncs fully: cloud changes are missed.',
} as const;

export type BugProfile = keyof typeof bugProfiles;

export const bugProfileNames = Object.keys(bugProfiles) as BugProfile[];

export function isBugProfile(value: string): value is BugProfile {
  return value in bugProfiles;
}
