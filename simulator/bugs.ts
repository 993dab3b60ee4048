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
  'edit-uploaded-as-new-item': 'A phone edit on a two-way gallery is uploaded as a new photo instead of a new version: the cloud shows the original and the edit side by side ("edited copy uploaded as a separate item").',
  'restore-loses-album': 'Delete everywhere takes the photo out of its cloud album before trashing it, and a restore does not put it back ("restored photos are missing from my albums").',
  'motion-photo-video-dropped': 'Only the still of a motion photo is uploaded; its embedded video is cut off ("motion photos shown as stills").',
  'file-renamed-on-upload': 'The app uploads its cache file name (e.g. "1000.jpg") instead of the photo\'s name ("my photos lost their names in Google Photos").',
  'trash-purged-after-30-days': 'The app empties its "Recently deleted" after 30 days and deletes the cloud copies of those items forever too, though the cloud promises 60 days.',
  'backup-reenabled-forgets-synced': 'Turning backup off and on again forgets what was already backed up, so photos deleted for good on the web are uploaded again ("deleted photos keep coming back").',
  'offline-delete-forgotten-on-restart': 'A "delete everywhere" made offline is kept in memory only: after the app or phone restarts, the cloud copy is never trashed.',
  'album-move-not-propagated': 'Moving a photo to another album on a two-way gallery never reaches the cloud album ("albums not carried over").',
  'cloud-edit-overwrites-phone-edit': 'The app pulls cloud changes before pushing its own: a web edit downloaded over an unsynced phone edit silently erases it.',
  'wifi-wait-dropped-on-reboot': 'Photos waiting for Wi-Fi when the phone restarts are put on the "unsynced" list and never backed up ("backup stuck: waiting for Wi-Fi").',
  'complete-with-items-waiting': 'After the first batch of 50 the app says "Backup complete" and stops, though items are still waiting ("Backup complete, but half my photos are missing").',
  'deleted-before-backup-uploaded': 'A photo deleted before it was backed up is still uploaded from the gallery\'s trash ("a photo I deleted seconds after taking it is in Google Photos").',
  'queue-stuck-on-unreadable': 'The app works its queue one photo at a time and retries an unreadable file forever: every photo behind it waits ("Getting ready to back up… N left" stuck).',
  'quota-full-marks-done': 'When storage fills up, the app marks the waiting photos as backed up without sending them, and says nothing.',
} as const;

export type BugProfile = keyof typeof bugProfiles;

export const bugProfileNames = Object.keys(bugProfiles) as BugProfile[];

export function isBugProfile(value: string): value is BugProfile {
  return value in bugProfiles;
}
