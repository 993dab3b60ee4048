import { posix } from 'node:path';

/** Where the simulated phone keeps shared storage (Phone's own paths). */
export const sdcard = '/sdcard';
/** The path apps and MediaStore's `_data` column use for shared storage. */
export const emulatedStorage = '/storage/emulated/0';
/** Paths that name shared storage on Android, all the same folder. */
const aliases = [sdcard, emulatedStorage, '/storage/self/primary', '/mnt/sdcard'];

/** The folders every phone's shared storage has, files or not. */
export const standardFolders: ReadonlySet<string> = new Set(
  [
    '',
    '/Alarms',
    '/Android',
    '/Audiobooks',
    '/DCIM',
    '/DCIM/Camera',
    '/Documents',
    '/Download',
    '/Movies',
    '/Music',
    '/Notifications',
    '/Pictures',
    '/Podcasts',
    '/Recordings',
    '/Ringtones',
  ].map((folder) => sdcard + folder),
);

/**
 * A device path as the Phone names it (`/sdcard/…`), or undefined when it is outside shared storage.
 * Relative paths are taken from `/`, adb shell's working directory; `.`, `..` and `//` are resolved.
 */
export function phonePath(path: string): string | undefined {
  const resolved = posix.resolve('/', path);
  for (const alias of aliases) {
    if (resolved === alias) return sdcard;
    if (resolved.startsWith(`${alias}/`)) return sdcard + resolved.slice(alias.length);
  }
  return undefined;
}

/** `/sdcard/DCIM/Camera/a.jpg` → `/storage/emulated/0/DCIM/Camera/a.jpg`. */
export function emulatedPath(path: string): string {
  return path === sdcard || path.startsWith(`${sdcard}/`) ? emulatedStorage + path.slice(sdcard.length) : path;
}
