import { invalidArgument, notFound } from '../errors.ts';
import { storedBytes } from '../model/content.ts';
import type { VersionRow } from '../model/media.ts';
import { resizedPhoto, videoPoster } from '../resize.ts';
import { parseBaseUrlOptions } from '../routes/downloads.ts';
import type { RouteContext } from '../routes/route.ts';
import { trashCutoff } from './items.ts';

/**
 * `/thumb/:id/<version>=w…-h…[-c]`: the cloud's own resize of one version (a video's poster), for the view's
 * pages. Not a baseUrl: those expire after an hour and every download is audited, and the view writes nothing.
 */
export async function thumbnail(c: RouteContext): Promise<Response> {
  const match = /^(\d{1,9})=(.+)$/.exec(c.params.sized ?? '');
  if (!match) throw invalidArgument('A thumbnail is /thumb/ITEM/VERSION=wW-hH (optionally -c).');
  const options = parseBaseUrlOptions(match[2] as string);
  if (options.width === undefined && options.height === undefined) throw invalidArgument('A thumbnail needs =wW or =hH.');
  const item = c.cloud.sql(`SELECT trashed_at, purged_at FROM media_items WHERE id = ?`).get(c.params.mediaItemId ?? '') as { trashed_at: number | null; purged_at: number | null } | undefined;
  const version = c.cloud.sql(`SELECT * FROM versions WHERE item_id = ? AND version = ?`).get(c.params.mediaItemId ?? '', Number(match[1])) as VersionRow | undefined;
  // The trash shows its items' pictures, as Google's does; an item past its 60 days shows nothing.
  if (!item || !version || item.purged_at !== null || (item.trashed_at !== null && item.trashed_at <= trashCutoff(c.cloud))) throw notFound();
  const sized = version.mime_type.startsWith('video/') ? await videoPoster(version, options, !options.noPlayButton) : await resizedPhoto(storedBytes(c.cloud, version.sha256), version.mime_type, version, options);
  // A version's bytes never change, so the browser may keep its thumbnails while the page is open.
  sized.headers.set('Cache-Control', 'private, max-age=300');
  return sized;
}
