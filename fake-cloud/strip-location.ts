import { crc32 } from 'node:zlib';

/**
 * A photo's bytes as Google's `=d` serves them: "all Exif metadata except the location metadata"
 * (https://developers.google.com/photos/library/guides/access-media-items#base-urls).
 *
 * The GPS IFD goes: IFD0's pointer to it (tag 0x8825) is taken out of IFD0 and the GPS IFD and its values are
 * overwritten with zeros, in place. Nothing moves, so every other offset in the Exif block, every other tag, the
 * pixels and the file's length stay exactly as uploaded. Bytes without a GPS IFD come back as the same Buffer.
 * JPEG (APP1 Exif), PNG (eXIf, CRC rewritten) and WebP (EXIF chunk) are handled; other formats are served as stored.
 */
export function withoutLocation(bytes: Buffer): Buffer {
  const found = exifBlock(bytes);
  if (!found) return bytes;
  const copy = Buffer.from(bytes);
  if (!dropGpsIfd(copy.subarray(found.start, found.end))) return bytes;
  // A PNG chunk's CRC covers its type and data; it follows the data.
  if (found.pngChunkType !== undefined) copy.writeUInt32BE(crc32(copy.subarray(found.pngChunkType, found.end)), found.end);
  return copy;
}

const GPS_IFD_POINTER = 0x8825;
/** Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE, 13 IFD). */
const typeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

interface ExifBlock {
  /** The TIFF header ("II*\0" / "MM\0*") starts here… */
  start: number;
  end: number;
  /** PNG only: where the eXIf chunk's type starts (its CRC, after `end`, is written again). */
  pngChunkType?: number;
}

function exifBlock(bytes: Buffer): ExifBlock | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegExif(bytes);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return pngExif(bytes);
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return webpExif(bytes);
  return undefined;
}

function jpegExif(bytes: Buffer): ExifBlock | undefined {
  for (let at = 2; at + 4 <= bytes.length; ) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // SOS / EOI: no metadata after this
    const end = at + 2 + bytes.readUInt16BE(at + 2);
    if (marker === 0xe1 && bytes.toString('latin1', at + 4, at + 10) === 'Exif\0\0') return { start: at + 10, end: Math.min(end, bytes.length) };
    at = end;
  }
  return undefined;
}

function pngExif(bytes: Buffer): ExifBlock | undefined {
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 8 + length;
    if (end + 4 > bytes.length) return undefined;
    if (type === 'eXIf') return { start: at + 8, end, pngChunkType: at + 4 };
    if (type === 'IDAT' || type === 'IEND') return undefined;
    at = end + 4;
  }
  return undefined;
}

function webpExif(bytes: Buffer): ExifBlock | undefined {
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(at + 4);
    const end = Math.min(at + 8 + size, bytes.length);
    if (bytes.toString('latin1', at, at + 4) === 'EXIF') {
      // Some writers keep JPEG's "Exif\0\0" in front of the TIFF header.
      const start = bytes.toString('latin1', at + 8, at + 14) === 'Exif\0\0' ? at + 14 : at + 8;
      return { start, end };
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** Takes IFD0's GPS pointer out and zeroes the GPS IFD in this TIFF block; false when there was none (or it is unreadable). */
function dropGpsIfd(tiff: Buffer): boolean {
  if (tiff.length < 8) return false;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return false;
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const inside = (from: number, length: number) => from >= 8 && length >= 0 && from + length <= tiff.length;

  const ifd0 = u32(4);
  if (!inside(ifd0, 2)) return false;
  const count = u16(ifd0);
  const entriesEnd = ifd0 + 2 + count * 12;
  if (!inside(ifd0, 2 + count * 12 + 4)) return false;
  let index = -1;
  for (let i = 0; i < count; i++) if (u16(ifd0 + 2 + i * 12) === GPS_IFD_POINTER) index = i;
  if (index === -1) return false;
  const gpsIfd = u32(ifd0 + 2 + index * 12 + 8);

  // IFD0 without the entry: the later entries and the next-IFD offset move up 12 bytes; the freed tail is zeroed.
  tiff.copy(tiff, ifd0 + 2 + index * 12, ifd0 + 2 + (index + 1) * 12, entriesEnd + 4);
  tiff.fill(0, entriesEnd - 8, entriesEnd + 4);
  if (little) tiff.writeUInt16LE(count - 1, ifd0);
  else tiff.writeUInt16BE(count - 1, ifd0);

  if (inside(gpsIfd, 2)) {
    const gpsCount = u16(gpsIfd);
    for (let i = 0; i < gpsCount && inside(gpsIfd + 2 + i * 12, 12); i++) {
      const entry = gpsIfd + 2 + i * 12;
      const size = (typeSizes[u16(entry + 2)] ?? 1) * u32(entry + 4);
      const valueAt = u32(entry + 8);
      if (size > 4 && inside(valueAt, size)) tiff.fill(0, valueAt, valueAt + size);
    }
    tiff.fill(0, gpsIfd, Math.min(gpsIfd + 2 + gpsCount * 12 + 4, tiff.length));
  }
  return true;
}
