import { ApiError, invalidArgument, notFound } from '../errors.ts';
import { baseUrlExpired, parseBaseUrlToken } from '../json.ts';
import { storedBytes } from '../model/content.ts';
import type { VersionRow } from '../model/media.ts';
import { maxSide, resizedPhoto, videoPoster } from '../resize.ts';
import { withoutLocation } from '../strip-location.ts';
import { openRoute, type RouteContext, type Route } from './route.ts';

/**
 * `<baseUrl>=d`, `=dv`, `=wW`, `=hH`, `=wW-hH`, `=wW-hH-c`, `-no`: bytes or a resized copy, while the baseUrl is fresh.
 * What each answers, and why: https://developers.google.com/photos/library/guides/access-media-items#base-urls
 */
export const downloadRoutes: Route[] = [openRoute('baseUrl.download', 'GET', '*/lr/:token', download)];

export interface Options {
  download: boolean;
  video: boolean;
  width?: number;
  height?: number;
  crop: boolean;
  /** `-no`: a video thumbnail without the play-button overlay. */
  noPlayButton: boolean;
}

async function download(c: RouteContext): Promise<Response> {
  const raw = c.params.token ?? '';
  const at = raw.indexOf('=');
  const signed = parseBaseUrlToken(c.cloud, at === -1 ? raw : raw.slice(0, at));
  if (!signed) throw notFound();
  if (at === -1) throw invalidArgument('A baseUrl needs parameters: append =d to download, or =wWIDTH-hHEIGHT for a resized copy.');
  const options = parseBaseUrlOptions(raw.slice(at + 1));
  if (baseUrlExpired(c.cloud, signed.issuedAt)) throw new ApiError(403, 'This baseUrl has expired (they last 60 minutes): get the media item again for a fresh one.');
  const item = c.cloud.sql(`SELECT trashed_at, purged_at FROM media_items WHERE id = ?`).get(signed.itemId) as { trashed_at: number | null; purged_at: number | null } | undefined;
  const version = c.cloud.sql(`SELECT * FROM versions WHERE item_id = ? AND version = ?`).get(signed.itemId, signed.version) as VersionRow | undefined;
  if (!item || item.purged_at !== null || item.trashed_at !== null || !version) throw notFound();
  const bytes = storedBytes(c.cloud, version.sha256);
  c.touch(signed.itemId);
  const sized = options.width !== undefined || options.height !== undefined;
  if (version.mime_type.startsWith('video/')) {
    // Google: =dv is the video (transcoded there; here the stored file), =wW-hH its thumbnail. =d alone keeps
    // answering the video, as before: the reference engine pulls every item with =d (see README).
    if (options.video || !sized) return original(bytes, version.mime_type);
    return videoPoster(version, options, !options.noPlayButton);
  }
  if (options.video) throw invalidArgument('=dv is for videos; use =d for a photo.');
  if (options.download && !sized) return original(signed.original ? bytes : withoutLocation(bytes), version.mime_type);
  return resizedPhoto(bytes, version.mime_type, version, options);
}

const original = (bytes: Buffer, mimeType: string) => new Response(new Uint8Array(bytes), { headers: { 'Content-Type': mimeType, 'Content-Length': String(bytes.length) } });

/** The parameters after a baseUrl's `=` (`d`, `dv`, `wN`, `hN`, `c`, `no`); the web view's thumbnails read the same ones. */
export function parseBaseUrlOptions(text: string): Options {
  const options: Options = { download: false, video: false, crop: false, noPlayButton: false };
  for (const part of text.split('-')) {
    const size = /^([wh])(\d{1,9})$/.exec(part);
    if (part === 'd') options.download = true;
    else if (part === 'dv') options.video = true;
    else if (part === 'c') options.crop = true;
    else if (part === 'no') options.noPlayButton = true;
    else if (size && Number(size[2]) > 0) {
      if (Number(size[2]) > maxSide) throw invalidArgument(`Invalid baseUrl parameter "${part}": widths and heights go up to ${maxSide}.`);
      options[size[1] === 'w' ? 'width' : 'height'] = Number(size[2]);
    } else throw invalidArgument(`Unknown baseUrl parameter "${part}": use d, dv, wN, hN, c or no.`);
  }
  if (options.crop && (options.width === undefined || options.height === undefined)) throw invalidArgument('-c needs both =wW and -hH.');
  return options;
}
