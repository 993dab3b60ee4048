import sharp from 'sharp';
import { ApiError, invalidArgument, notFound } from '../errors.ts';
import { baseUrlExpired, parseBaseUrlToken } from '../json.ts';
import type { VersionRow } from '../model/media.ts';
import { openRoute, type RouteContext, type Route } from './route.ts';

/** `<baseUrl>=d`, `=dv`, `=wW`, `=hH`, `=wW-hH`, `=wW-hH-c`: bytes or a resized copy, while the baseUrl is fresh. */
export const downloadRoutes: Route[] = [openRoute('baseUrl.download', 'GET', '*/lr/:token', download)];

interface Options {
  download: boolean;
  video: boolean;
  width?: number;
  height?: number;
  crop: boolean;
}

async function download(c: RouteContext): Promise<Response> {
  const raw = c.params.token ?? '';
  const at = raw.indexOf('=');
  const signed = parseBaseUrlToken(c.cloud, at === -1 ? raw : raw.slice(0, at));
  if (!signed) throw notFound();
  if (at === -1) throw invalidArgument('A baseUrl needs parameters: append =d to download, or =wWIDTH-hHEIGHT for a resized copy.');
  const options = parseOptions(raw.slice(at + 1));
  if (baseUrlExpired(c.cloud, signed.issuedAt)) throw new ApiError(403, 'This baseUrl has expired (they last 60 minutes): get the media item again for a fresh one.');
  const item = c.cloud.sql(`SELECT trashed_at, purged_at FROM media_items WHERE id = ?`).get(signed.itemId) as { trashed_at: number | null; purged_at: number | null } | undefined;
  const version = c.cloud.sql(`SELECT * FROM versions WHERE item_id = ? AND version = ?`).get(signed.itemId, signed.version) as VersionRow | undefined;
  if (!item || item.purged_at !== null || item.trashed_at !== null || !version) throw notFound();
  const bytes = c.cloud.blobs.get(version.sha256);
  if (!bytes) throw new ApiError(500, 'Internal error encountered.');
  c.touch(signed.itemId);
  const isVideo = version.mime_type.startsWith('video/');
  if (options.video || (options.download && options.width === undefined && options.height === undefined) || isVideo) {
    if (options.video && !isVideo) throw invalidArgument('=dv is for videos; use =d for a photo.');
    return new Response(new Uint8Array(bytes), { headers: { 'Content-Type': version.mime_type, 'Content-Length': String(bytes.length) } });
  }
  return resized(bytes, version.mime_type, options);
}

function parseOptions(text: string): Options {
  const options: Options = { download: false, video: false, crop: false };
  for (const part of text.split('-')) {
    const size = /^([wh])(\d{1,5})$/.exec(part);
    if (part === 'd') options.download = true;
    else if (part === 'dv') options.video = true;
    else if (part === 'c') options.crop = true;
    else if (size && Number(size[2]) > 0) options[size[1] === 'w' ? 'width' : 'height'] = Number(size[2]);
    else throw invalidArgument(`Unknown baseUrl parameter "${part}": use d, dv, wN, hN or c.`);
  }
  if (options.crop && (options.width === undefined || options.height === undefined)) throw invalidArgument('-c needs both =wW and -hH.');
  return options;
}

const resizable: Record<string, 'jpeg' | 'png' | 'webp' | 'gif'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

async function resized(bytes: Buffer, mimeType: string, o: Options): Promise<Response> {
  const format = resizable[mimeType] ?? 'jpeg';
  try {
    const out = await sharp(bytes, { failOn: 'none' })
      .rotate()
      .resize({ width: o.width, height: o.height, fit: o.crop ? 'cover' : 'inside', withoutEnlargement: !o.crop })
      .toFormat(format)
      .toBuffer();
    return new Response(new Uint8Array(out), { headers: { 'Content-Type': format === 'jpeg' ? 'image/jpeg' : `image/${format}`, 'Content-Length': String(out.length) } });
  } catch {
    throw invalidArgument('This item cannot be resized; download it with =d.');
  }
}
