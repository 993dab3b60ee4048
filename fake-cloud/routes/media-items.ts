import { z } from 'zod';
import { invalidArgument, rpcCode } from '../errors.ts';
import { mediaItemJson } from '../json.ts';
import { mediaInfoOf, type MediaInfo } from '../media-info.ts';
import { storedBytes } from '../model/content.ts';
import { visibleAlbum, addToAlbum } from '../model/albums.ts';
import { createItem, findByContent, seesWholeLibrary, setDescription, visibleItem, type ItemRow } from '../model/media.ts';
import { quotaUsage } from '../model/quota.ts';
import { checkUploadToken, markTokenUsed, type UploadTokenRow } from '../model/uploads.ts';
import { scopes } from '../scopes.ts';
import { apiRoute, json, pageSizeOf, readJson, type AuthedContext, type Route } from './route.ts';
import { paginate } from './paging.ts';
import type { Cloud } from '../cloud.ts';
import type { Caller } from '../model/accounts.ts';

const readScopes = [scopes.readAppCreated, scopes.editAppCreated, scopes.gallerySync];
const createScopes = [scopes.appendOnly, scopes.gallerySync];
const editScopes = [scopes.editAppCreated, scopes.gallerySync];

export const mediaItemRoutes: Route[] = [
  apiRoute('mediaItems.batchCreate', 'POST', '*/v1/mediaItems\\:batchCreate', createScopes, batchCreate),
  apiRoute('mediaItems.batchGet', 'GET', '*/v1/mediaItems\\:batchGet', readScopes, batchGet),
  apiRoute('mediaItems.search', 'POST', '*/v1/mediaItems\\:search', readScopes, search),
  apiRoute('mediaItems.list', 'GET', '*/v1/mediaItems', readScopes, list),
  apiRoute('mediaItems.get', 'GET', '*/v1/mediaItems/:mediaItemId', readScopes, get),
  apiRoute('mediaItems.patch', 'PATCH', '*/v1/mediaItems/:mediaItemId', editScopes, patch),
];

const description = z.string().max(999, 'description must be shorter than 1000 characters');

const batchCreateBody = z.object({
  albumId: z.string().min(1).optional(),
  albumPosition: z.object({}).passthrough().optional(),
  newMediaItems: z
    .array(
      z.object({
        description: description.optional(),
        simpleMediaItem: z.object({ uploadToken: z.string().min(1), fileName: z.string().min(1).max(1024).optional() }),
      }),
    )
    .min(1, 'newMediaItems must contain at least one item')
    .max(50, 'newMediaItems must contain at most 50 items'),
});

const failedToCreate = 'Failed: There was an error while trying to create this media item.';

async function batchCreate(c: AuthedContext): Promise<Response> {
  const body = await readJson(c.request, batchCreateBody);
  const album = body.albumId ? visibleAlbum(c.cloud, c.caller, body.albumId) : undefined;
  if (album && album.created_by !== c.caller.clientId) throw invalidArgument('Invalid album id: media items can be added only to albums this app created.');
  // Reading pixels and EXIF is async, so it happens first; the writes then run in one transaction.
  const infos = new Map<string, MediaInfo | undefined>();
  for (const { simpleMediaItem } of body.newMediaItems) {
    const token = checkUploadToken(c.cloud, c.caller, simpleMediaItem.uploadToken);
    if (typeof token === 'object' && !infos.has(token.sha256)) infos.set(token.sha256, await mediaInfoOf(token.sha256, storedBytes(c.cloud, token.sha256), token.mime_type ?? undefined));
  }
  const results = c.cloud.transaction(() => {
    const created = body.newMediaItems.map((item) => createOne(c.cloud, c.caller, item.simpleMediaItem, item.description ?? '', infos));
    const ids = created.flatMap((r) => (r.item ? [r.item.id] : []));
    if (album && ids.length > 0) addToAlbum(c.cloud, c.caller, album, ids);
    return created;
  });
  c.touch(...results.flatMap((r) => (r.item ? [r.item.id] : [])));
  return json({
    newMediaItemResults: results.map((r, i) => ({
      uploadToken: body.newMediaItems[i]?.simpleMediaItem.uploadToken,
      status: r.item ? { message: 'Success' } : { code: r.code, message: r.message },
      ...(r.item ? { mediaItem: mediaItemJson(c.cloud, r.item) } : {}),
    })),
  });
}

type CreateResult = { item: ItemRow } | { item?: undefined; code: number; message: string };

function createOne(cloud: Cloud, caller: Caller, simple: { uploadToken: string; fileName?: string | undefined }, text: string, infos: Map<string, MediaInfo | undefined>): CreateResult {
  const token = checkUploadToken(cloud, caller, simple.uploadToken);
  if (typeof token !== 'object') return { code: rpcCode.INVALID_ARGUMENT, message: `${failedToCreate} The upload token is ${tokenProblem[token]}.` };
  const info = infos.get(token.sha256);
  if (!info) return { code: rpcCode.INVALID_ARGUMENT, message: `${failedToCreate} The bytes are not a photo or video Google Photos can read.` };
  const existing = findByContent(cloud, caller.email, token.sha256);
  if (!existing) {
    const usage = quotaUsage(cloud, caller.email);
    if (usage.usageBytes + token.size > usage.limitBytes) return { code: rpcCode.RESOURCE_EXHAUSTED, message: 'Storage is full: free up space or raise the quota.' };
  }
  // A refused item leaves its token unused, so the client can try again once there is room.
  markTokenUsed(cloud, token.token);
  if (existing) return { item: existing };
  return { item: createItem(cloud, caller, { sha256: token.sha256, size: token.size, info }, fileNameFor(simple.fileName, token), text) };
}

const tokenProblem = { unknown: 'not valid for this account', used: 'already used', expired: 'expired (tokens last one day)' } as const;

const fileNameFor = (given: string | undefined, token: UploadTokenRow): string => given ?? token.file_name ?? 'untitled';

/** Items of the account the caller may see, newest capture first (the Library API's order). */
function visibleItems(cloud: Cloud, caller: Caller): ItemRow[] {
  const rows = cloud.sql(`SELECT * FROM media_items WHERE email = ? AND trashed_at IS NULL AND purged_at IS NULL ORDER BY creation_time DESC, seq DESC`)
    .all(caller.email) as ItemRow[];
  return seesWholeLibrary(caller) ? rows : rows.filter((r) => r.created_by === caller.clientId);
}

const newestFirst = (r: ItemRow) => [-r.creation_time, -r.seq];

function list(c: AuthedContext): Response {
  const page = paginate(visibleItems(c.cloud, c.caller), {
    list: 'mediaItems',
    pageSize: pageSizeOf(c.url.searchParams.get('pageSize'), 25, 100),
    pageToken: c.url.searchParams.get('pageToken'),
    cursorOf: newestFirst,
  });
  return json(pageJson(c, page.items, page.nextPageToken));
}

function pageJson(c: AuthedContext, items: ItemRow[], nextPageToken: string | undefined) {
  return {
    ...(items.length ? { mediaItems: items.map((i) => mediaItemJson(c.cloud, i)) } : {}),
    ...(nextPageToken ? { nextPageToken } : {}),
  };
}

function get(c: AuthedContext): Response {
  const item = visibleItem(c.cloud, c.caller, c.params.mediaItemId ?? '');
  return json(mediaItemJson(c.cloud, item));
}

function batchGet(c: AuthedContext): Response {
  const ids = c.url.searchParams.getAll('mediaItemIds');
  if (ids.length === 0) throw invalidArgument('mediaItemIds is required.');
  if (ids.length > 50) throw invalidArgument('mediaItemIds must contain at most 50 ids.');
  return json({
    mediaItemResults: ids.map((id) => {
      try {
        return { mediaItem: mediaItemJson(c.cloud, visibleItem(c.cloud, c.caller, id)) };
      } catch {
        return { status: { code: rpcCode.NOT_FOUND, message: 'Requested entity was not found.' } };
      }
    }),
  });
}

const googleDate = z.object({ year: z.number().int().min(0).max(9999).optional(), month: z.number().int().min(0).max(12).optional(), day: z.number().int().min(0).max(31).optional() });
/** Google's content categories (developers.google.com/photos/library/reference/rest/v1/mediaItems/search). */
const contentCategory = z.enum(['NONE', 'LANDSCAPES', 'RECEIPTS', 'CITYSCAPES', 'LANDMARKS', 'SELFIES', 'PEOPLE', 'PETS', 'WEDDINGS', 'BIRTHDAYS', 'DOCUMENTS', 'TRAVEL', 'ANIMALS', 'FOOD', 'SPORT', 'NIGHT', 'PERFORMANCES', 'WHITEBOARDS', 'SCREENSHOTS', 'UTILITY', 'ARTS', 'CRAFTS', 'FASHION', 'HOUSES', 'GARDENS', 'FLOWERS', 'HOLIDAYS']);
const orderings = { 'MediaMetadata.creation_time': 'oldest', 'MediaMetadata.creation_time desc': 'newest' } as const;

const searchBody = z.object({
  albumId: z.string().min(1).optional(),
  pageSize: z.number().int().min(0).optional(),
  pageToken: z.string().optional(),
  orderBy: z.string().optional(),
  filters: z
    .object({
      dateFilter: z.object({ dates: z.array(googleDate).max(5).optional(), ranges: z.array(z.object({ startDate: googleDate, endDate: googleDate })).max(5).optional() }).optional(),
      mediaTypeFilter: z.object({ mediaTypes: z.array(z.enum(['ALL_MEDIA', 'PHOTO', 'VIDEO'])).max(1) }).optional(),
      contentFilter: z.object({ includedContentCategories: z.array(contentCategory).max(10).optional(), excludedContentCategories: z.array(contentCategory).max(10).optional() }).optional(),
      featureFilter: z.object({ includedFeatures: z.array(z.enum(['NONE', 'FAVORITES'])).optional() }).optional(),
      includeArchivedMedia: z.boolean().optional(),
      excludeNonAppCreatedData: z.boolean().optional(),
    })
    .optional(),
});

type GoogleDate = z.infer<typeof googleDate>;

async function search(c: AuthedContext): Promise<Response> {
  const body = await readJson(c.request, searchBody);
  if (body.albumId && body.filters) throw invalidArgument('The album ID cannot be set if filters are used.');
  const pageSize = pageSizeOf(body.pageSize, 25, 100);
  if (body.albumId) {
    const album = visibleAlbum(c.cloud, c.caller, body.albumId);
    const rows = c.cloud.sql(
        `SELECT m.*, ai.position AS position FROM album_items ai JOIN media_items m ON m.id = ai.item_id
         WHERE ai.album_id = ? AND m.trashed_at IS NULL AND m.purged_at IS NULL ORDER BY ai.position`,
      )
      .all(album.id) as Array<ItemRow & { position: number }>;
    const page = paginate(rows, { list: `album:${album.id}`, pageSize, pageToken: body.pageToken, cursorOf: (r) => [r.position] });
    return json(pageJson(c, page.items, page.nextPageToken));
  }
  if (body.orderBy !== undefined && !Object.hasOwn(orderings, body.orderBy.trim())) throw invalidArgument(`Invalid orderBy "${body.orderBy}": use "MediaMetadata.creation_time" or "MediaMetadata.creation_time desc".`);
  const rows = visibleItems(c.cloud, c.caller).filter((item) => matchesFilters(c.cloud, item, body.filters));
  // orderBy "only works when a dateFilter is used" (Google's reference); otherwise results stay newest first.
  const oldestFirst = body.orderBy !== undefined && body.filters?.dateFilter !== undefined && orderings[body.orderBy.trim() as keyof typeof orderings] === 'oldest';
  const page = paginate(oldestFirst ? [...rows].reverse() : rows, { list: oldestFirst ? 'search:oldest' : 'search', pageSize, pageToken: body.pageToken, cursorOf: oldestFirst ? (r) => [r.creation_time, r.seq] : newestFirst });
  return json(pageJson(c, page.items, page.nextPageToken));
}

function matchesFilters(cloud: Cloud, item: ItemRow, filters: z.infer<typeof searchBody>['filters']): boolean {
  // No item is a favourite (no API call can make one) and none is classified into a content category: asking for
  // favourites or for a category finds nothing; excluding one excludes nothing. NONE is ignored, as Google says.
  if (filters?.featureFilter?.includedFeatures?.includes('FAVORITES')) return false;
  if ((filters?.contentFilter?.includedContentCategories ?? []).some((category) => category !== 'NONE')) return false;
  const type = filters?.mediaTypeFilter?.mediaTypes[0] ?? 'ALL_MEDIA';
  if (type !== 'ALL_MEDIA') {
    const mime = cloud.sqlValue(`SELECT mime_type FROM versions WHERE item_id = ? AND version = ?`).get(item.id, item.version) as string;
    if ((type === 'VIDEO') !== mime.startsWith('video/')) return false;
  }
  const dates = filters?.dateFilter;
  if (!dates || (!dates.dates?.length && !dates.ranges?.length)) return true;
  const taken = new Date(item.creation_time);
  const day = { year: taken.getUTCFullYear(), month: taken.getUTCMonth() + 1, day: taken.getUTCDate() };
  return (dates.dates ?? []).some((d) => sameDate(d, day)) || (dates.ranges ?? []).some((r) => inRange(day, r.startDate, r.endDate));
}

/** Google's Date: a 0 or missing field matches any value ("every 21 November" is {month: 11, day: 21}). */
function sameDate(pattern: GoogleDate, day: Required<GoogleDate>): boolean {
  return (!pattern.year || pattern.year === day.year) && (!pattern.month || pattern.month === day.month) && (!pattern.day || pattern.day === day.day);
}

function inRange(day: Required<GoogleDate>, start: GoogleDate, end: GoogleDate): boolean {
  const key = (d: GoogleDate, fill: number) => (d.year || (fill ? 9999 : 0)) * 10000 + (d.month || (fill ? 12 : 1)) * 100 + (d.day || (fill ? 31 : 1));
  const value = key(day, 0);
  return value >= key(start, 0) && value <= key(end, 1);
}

async function patch(c: AuthedContext): Promise<Response> {
  const mask = c.url.searchParams.get('updateMask');
  if (mask !== 'description') throw invalidArgument('updateMask must be "description": it is the only field of a media item that can be changed.');
  const body = await readJson(c.request, z.object({ description }));
  const id = c.params.mediaItemId ?? '';
  const item = visibleItem(c.cloud, c.caller, id);
  const updated = c.cloud.transaction(() => setDescription(c.cloud, item, body.description));
  c.touch(id);
  return json(mediaItemJson(c.cloud, updated));
}
