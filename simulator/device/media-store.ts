import { createHash } from 'node:crypto';

/** One row of Android's MediaStore as the gallery reads it (`content://media/external/images/media`). */
export interface MediaRow {
  id: number;
  path: string;
  displayName: string;
  mimeType: string;
  size: number;
  /** ms since epoch. */
  dateTaken: number;
  /** When the row was first indexed, ms since epoch (MediaStore's `date_added`, which it reports in seconds). */
  dateAdded: number;
  /** The album: the folder the file is in ("Camera", "Screenshots", "WhatsApp Images"). */
  bucket: string;
  trashed: boolean;
  sha256: string;
}

const mimeByExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heic: 'image/heic',
  mp4: 'video/mp4',
};

/** The MIME type MediaStore gives a file by its extension, or undefined when it is no media file. */
export function mediaMimeType(fileName: string): string | undefined {
  const extension = fileName.includes('.') ? (fileName.split('.').at(-1) ?? '').toLowerCase() : '';
  return Object.hasOwn(mimeByExtension, extension) ? mimeByExtension[extension] : undefined;
}

/** The phone's index of media files. Ids only grow, like the real one's `_id`. */
export class MediaStore {
  private readonly rows = new Map<number, MediaRow>();
  private nextId = 1000;

  /** Indexes a file written at `path` (the media scan Appium's pushFile triggers). Re-scanning a path updates its row. */
  scan(path: string, bytes: Uint8Array, dateTaken: number): MediaRow {
    const existing = this.byPath(path);
    const name = path.split('/').at(-1) ?? path;
    const row: MediaRow = {
      id: existing?.id ?? this.nextId++,
      path,
      displayName: name,
      mimeType: mediaMimeType(name) ?? 'application/octet-stream',
      size: bytes.length,
      dateTaken: existing?.dateTaken ?? dateTaken,
      dateAdded: existing?.dateAdded ?? dateTaken,
      bucket: path.split('/').at(-2) ?? '',
      trashed: existing?.trashed ?? false,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    this.rows.set(row.id, row);
    return row;
  }

  get(id: number): MediaRow | undefined {
    return this.rows.get(id);
  }

  byPath(path: string): MediaRow | undefined {
    for (const row of this.rows.values()) if (row.path === path) return row;
    return undefined;
  }

  /** The file moved to another folder (another album); the row keeps its id. */
  move(id: number, path: string): MediaRow | undefined {
    const row = this.rows.get(id);
    if (row) Object.assign(row, { path, displayName: path.split('/').at(-1) ?? path, bucket: path.split('/').at(-2) ?? '' });
    return row;
  }

  setTrashed(id: number, trashed: boolean): void {
    const row = this.rows.get(id);
    if (row) row.trashed = trashed;
  }

  remove(id: number): void {
    this.rows.delete(id);
  }

  /** Every row, in id order. */
  list(): MediaRow[] {
    return [...this.rows.values()].sort((a, b) => a.id - b.id);
  }
}
