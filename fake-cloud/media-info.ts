import sharp, { type Metadata } from 'sharp';
import exifr from 'exifr';

/** What the cloud learns from an item's bytes: the type, the size in pixels, and the camera's EXIF. */
export interface MediaInfo {
  mimeType: string;
  width: number;
  height: number;
  kind: 'photo' | 'video';
  /** Capture time in ms since epoch, from EXIF DateTimeOriginal (+ OffsetTimeOriginal), when present. */
  takenAt?: number;
  photo?: PhotoMetadata;
  video?: VideoMetadata;
}

/** Shapes of the Library API's mediaMetadata.photo / .video. */
export interface PhotoMetadata {
  cameraMake?: string;
  cameraModel?: string;
  focalLength?: number;
  apertureFNumber?: number;
  isoEquivalent?: number;
  exposureTime?: string;
}

export interface VideoMetadata {
  cameraMake?: string;
  cameraModel?: string;
  fps?: number;
  status: 'READY';
}

const mimeBySharpFormat: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  avif: 'image/avif',
};

const infoCache = new Map<string, Promise<MediaInfo | undefined>>();
const infoCacheLimit = 10_000;

/**
 * readMediaInfo for content already stored under its sha256: the answer depends on the bytes alone, so it is
 * computed once per content and process (simulated runs upload the same fixtures thousands of times).
 */
export function mediaInfoOf(sha256: string, bytes: Buffer, declaredMime?: string): Promise<MediaInfo | undefined> {
  const key = `${sha256}/${declaredMime ?? ''}`;
  let info = infoCache.get(key);
  if (!info) {
    if (infoCache.size >= infoCacheLimit) infoCache.delete(infoCache.keys().next().value as string);
    info = readMediaInfo(bytes, declaredMime);
    infoCache.set(key, info);
  }
  return info;
}

/** Reads type, dimensions and EXIF. Undecodable bytes (not media) give undefined: the caller refuses the item. */
export async function readMediaInfo(bytes: Buffer, declaredMime?: string): Promise<MediaInfo | undefined> {
  if (bytes.length === 0) return undefined;
  const video = readMp4Info(bytes);
  if (video) return { mimeType: declaredMime?.startsWith('video/') ? declaredMime : 'video/mp4', ...video, kind: 'video', video: { status: 'READY' } };
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { failOn: 'none' }).metadata();
  } catch {
    return undefined;
  }
  const mimeType = metadata.format === 'heif' ? (metadata.compression === 'av1' ? 'image/avif' : 'image/heic') : mimeBySharpFormat[metadata.format ?? ''];
  if (!mimeType || !metadata.width || !metadata.height) return undefined;
  const swap = (metadata.orientation ?? 1) >= 5;
  const exif = await readExif(bytes);
  return {
    mimeType,
    width: swap ? metadata.height : metadata.width,
    height: swap ? metadata.width : metadata.height,
    kind: 'photo',
    ...exif,
  };
}

interface RawExif {
  Make?: string;
  Model?: string;
  FocalLength?: number;
  FNumber?: number;
  ISO?: number;
  ExposureTime?: number;
  DateTimeOriginal?: string;
  OffsetTimeOriginal?: string;
}

async function readExif(bytes: Buffer): Promise<Pick<MediaInfo, 'takenAt' | 'photo'>> {
  let raw: RawExif | undefined;
  try {
    // reviveValues:false keeps dates as the camera wrote them; exifr would otherwise read them in the host's zone.
    raw = (await exifr.parse(bytes, { reviveValues: false, tiff: true, exif: true, gps: false, translateValues: false })) as RawExif | undefined;
  } catch {
    raw = undefined;
  }
  if (!raw) return { photo: {} };
  const photo: PhotoMetadata = {};
  if (raw.Make) photo.cameraMake = String(raw.Make).trim();
  if (raw.Model) photo.cameraModel = String(raw.Model).trim();
  if (typeof raw.FocalLength === 'number') photo.focalLength = raw.FocalLength;
  if (typeof raw.FNumber === 'number') photo.apertureFNumber = raw.FNumber;
  if (typeof raw.ISO === 'number') photo.isoEquivalent = raw.ISO;
  if (typeof raw.ExposureTime === 'number') photo.exposureTime = `${Number(raw.ExposureTime.toFixed(6))}s`;
  const takenAt = parseExifDate(raw.DateTimeOriginal, raw.OffsetTimeOriginal);
  return takenAt === undefined ? { photo } : { photo, takenAt };
}

/** "2026:11:21 14:22:33" with offset "+08:00" (UTC when absent, as Google does) → ms since epoch. */
export function parseExifDate(value: unknown, offset: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(utc) || y < 1900) return undefined;
  const o = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  if (!o) return utc;
  const sign = o[1] === '-' ? -1 : 1;
  return utc - sign * (Number(o[2]) * 60 + Number(o[3])) * 60_000;
}

/** Width and height of the first video track of an MP4/MOV (tkhd), or undefined when the bytes are not one. */
export function readMp4Info(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 12 || bytes.toString('latin1', 4, 8) !== 'ftyp') return undefined;
  const brand = bytes.toString('latin1', 8, 12);
  if (['avif', 'avis', 'heic', 'heix', 'mif1', 'msf1'].includes(brand)) return undefined;
  let best: { width: number; height: number } = { width: 0, height: 0 };
  walkBoxes(bytes, 0, bytes.length, (type, start, end) => {
    if (type === 'tkhd' && best.width === 0) {
      const version = bytes[start];
      const at = start + (version === 1 ? 88 : 76);
      if (at + 8 <= end) best = { width: bytes.readUInt32BE(at) >>> 16, height: bytes.readUInt32BE(at + 4) >>> 16 };
    }
  });
  return best;
}

const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts']);

function walkBoxes(bytes: Buffer, from: number, to: number, visit: (type: string, bodyStart: number, end: number) => void): void {
  for (let at = from; at + 8 <= to; ) {
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) return;
    visit(type, at + header, at + size);
    if (containers.has(type)) walkBoxes(bytes, at + header, at + size, visit);
    at += size;
  }
}
