import { constants } from 'node:buffer';
import { invalidArgument } from '../errors.ts';
import { readMp4Info } from '../media-info.ts';

/** Google Photos' limits: a photo up to 200 MB, a video up to 20 GB. */
export const maxPhotoBytes = 200 * 1024 ** 2;
export const maxVideoBytes = 20 * 1024 ** 3;
/**
 * The fake cloud's own ceiling, below Google's for videos on Node 20: an upload is held in one Buffer when it
 * is stored (4 GiB there). Past it an upload is refused with its own message rather than failing at finalize.
 */
export const maxHeldBytes = Math.min(maxVideoBytes, constants.MAX_LENGTH);
/** The largest upload of any kind, so the most one request body may carry (its kind shows only in its bytes). */
export const maxUploadBytes = maxHeldBytes;

const tooLarge = (limit: number) => invalidArgument(`Request payload size exceeds the limit: ${limit} bytes.`);

/** The cap for an upload of this declared type: a photo's for image/*, else a video's (the bytes may still say photo). */
export const capFor = (mimeType: string | undefined): number => (mimeType?.startsWith('image/') ? maxPhotoBytes : maxVideoBytes);

/** Refuses a size past Google's cap for the declared type, or past what this fake can hold. */
export function checkUploadSize(size: number, mimeType: string | undefined): void {
  const cap = capFor(mimeType);
  if (size > cap) throw tooLarge(cap);
  if (size > maxHeldBytes) throw invalidArgument(`This fake cloud holds an upload in memory and takes at most ${maxHeldBytes} bytes (Google takes videos up to ${maxVideoBytes}).`);
}

/** Stored bytes: a video (an MP4/MOV by its bytes, or declared video/*) may be up to 20 GB, anything else 200 MB. */
export function checkStoredSize(bytes: Uint8Array, declaredMime: string | undefined): void {
  const video = declaredMime?.startsWith('video/') || readMp4Info(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) !== undefined;
  checkUploadSize(bytes.length, video ? 'video/*' : 'image/*');
}
