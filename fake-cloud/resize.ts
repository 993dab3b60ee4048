import sharp from 'sharp';
import { invalidArgument } from './errors.ts';

/**
 * The largest `=wN` / `=hN` the cloud accepts. Past it a request is refused (400), not clamped: 16383 is also the
 * largest side WebP can encode, and it keeps the cost of one resize bounded however a baseUrl is edited.
 */
export const maxSide = 16_383;
/** Output pixel budget: no resized copy is larger than this, whatever the source (Google Photos takes photos of up to 150 MP). */
export const maxOutputPixels = 150_000_000;
/** A backstop for one sharp pipeline; with the caps above a resize takes milliseconds, not seconds. */
const pipelineTimeoutSeconds = 10;

export interface SizeRequest {
  width?: number;
  height?: number;
  crop: boolean;
}

/**
 * The size a resized copy gets: inside `=wW-hH` (`max-width`/`max-height` in Google's words), or exactly that
 * aspect with `-c`, and never larger than the source nor past the pixel budget. So `=w16383-h16383-c` on a 640×480
 * photo gives 480×480 (cropped, not blown up to 268 MP).
 */
export function targetSize(source: { width: number; height: number }, request: SizeRequest): { width: number; height: number } {
  const sw = Math.max(1, source.width);
  const sh = Math.max(1, source.height);
  let width: number;
  let height: number;
  if (request.crop && request.width !== undefined && request.height !== undefined) {
    const scale = Math.min(1, sw / request.width, sh / request.height);
    width = request.width * scale;
    height = request.height * scale;
  } else {
    const scale = Math.min(1, (request.width ?? Infinity) / sw, (request.height ?? Infinity) / sh);
    width = sw * scale;
    height = sh * scale;
  }
  const budget = Math.min(1, Math.sqrt(maxOutputPixels / (width * height)));
  return { width: Math.max(1, Math.round(width * budget)), height: Math.max(1, Math.round(height * budget)) };
}

const formats: Record<string, 'jpeg' | 'png' | 'webp' | 'gif'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

/** A resized copy of a photo (same format for JPEG/PNG/WebP/GIF, JPEG otherwise). */
export async function resizedPhoto(bytes: Buffer, mimeType: string, source: { width: number; height: number }, request: SizeRequest): Promise<Response> {
  const format = formats[mimeType] ?? 'jpeg';
  const size = targetSize(source, request);
  let out: Buffer;
  try {
    out = await sharp(bytes, { failOn: 'none' })
      .rotate()
      // 'inside' keeps the photo's own aspect even if its stored size were off by a pixel; never enlarged.
      .resize({ ...size, fit: request.crop ? 'cover' : 'inside', withoutEnlargement: true })
      .toFormat(format)
      .timeout({ seconds: pipelineTimeoutSeconds })
      .toBuffer();
  } catch {
    throw invalidArgument('This item cannot be resized; download it with =d.');
  }
  return new Response(new Uint8Array(out), { headers: { 'Content-Type': `image/${format}`, 'Content-Length': String(out.length) } });
}

/**
 * A video's thumbnail. Google renders a frame of the video; the fake cloud cannot decode video (no ffmpeg, and
 * nothing may download one), so it draws a poster: a grey JPEG of the video's aspect ratio at the requested size,
 * with the play-button overlay Google adds unless the URL has `-no`.
 */
export async function videoPoster(video: { width: number; height: number }, request: SizeRequest, playButton: boolean): Promise<Response> {
  const size = targetSize(video.width > 0 && video.height > 0 ? video : { width: 640, height: 360 }, request);
  const side = Math.min(size.width, size.height) / 4;
  const cx = size.width / 2;
  const cy = size.height / 2;
  const button = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}">` +
      `<polygon points="${cx - side / 2},${cy - side / 2} ${cx - side / 2},${cy + side / 2} ${cx + side / 2},${cy}" fill="white" fill-opacity="0.85"/></svg>`,
  );
  const poster = sharp({ create: { ...size, channels: 3, background: { r: 96, g: 96, b: 96 } } });
  const out = await (playButton && side >= 2 ? poster.composite([{ input: button }]) : poster).jpeg({ quality: 80 }).toBuffer();
  return new Response(new Uint8Array(out), { headers: { 'Content-Type': 'image/jpeg', 'Content-Length': String(out.length) } });
}
