import { z } from 'zod';
import { invalidArgument } from '../errors.ts';
import { albumJson } from '../json.ts';
import { addToAlbum, createAlbum, removeFromAlbum, updateAlbum, visibleAlbum, type AlbumRow } from '../model/albums.ts';
import { seesWholeLibrary } from '../model/media.ts';
import { scopes } from '../scopes.ts';
import { paginate } from './paging.ts';
import { apiRoute, json, pageSizeOf, readJson, type AuthedContext, type Route } from './route.ts';

const readScopes = [scopes.readAppCreated, scopes.editAppCreated, scopes.gallerySync];
const appendScopes = [scopes.appendOnly, scopes.editAppCreated, scopes.gallerySync];
const editScopes = [scopes.editAppCreated, scopes.gallerySync];

export const albumRoutes: Route[] = [
  apiRoute('albums.create', 'POST', '*/v1/albums', [scopes.appendOnly, scopes.gallerySync], create),
  apiRoute('albums.list', 'GET', '*/v1/albums', readScopes, list),
  apiRoute('albums.batchAddMediaItems', 'POST', '*/v1/albums/:albumId\\:batchAddMediaItems', appendScopes, batchAdd),
  apiRoute('albums.batchRemoveMediaItems', 'POST', '*/v1/albums/:albumId\\:batchRemoveMediaItems', editScopes, batchRemove),
  apiRoute('albums.get', 'GET', '*/v1/albums/:albumId', readScopes, get),
  apiRoute('albums.patch', 'PATCH', '*/v1/albums/:albumId', editScopes, patch),
];

const title = z.string().min(1, 'title must not be empty');

async function create(c: AuthedContext): Promise<Response> {
  const body = await readJson(c.request, z.object({ album: z.object({ title }) }));
  const album = c.cloud.transaction(() => createAlbum(c.cloud, c.caller, body.album.title));
  return json(albumJson(c.cloud, album));
}

function list(c: AuthedContext): Response {
  const rows = (c.cloud.sql(`SELECT * FROM albums WHERE email = ? ORDER BY seq`).all(c.caller.email) as AlbumRow[]).filter(
    (a) => seesWholeLibrary(c.caller) || a.created_by === c.caller.clientId,
  );
  const page = paginate(rows, {
    list: 'albums',
    pageSize: pageSizeOf(c.url.searchParams.get('pageSize'), 20, 50),
    pageToken: c.url.searchParams.get('pageToken'),
    cursorOf: (a) => [a.seq],
  });
  return json({
    ...(page.items.length ? { albums: page.items.map((a) => albumJson(c.cloud, a)) } : {}),
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  });
}

function get(c: AuthedContext): Response {
  return json(albumJson(c.cloud, visibleAlbum(c.cloud, c.caller, c.params.albumId ?? '')));
}

/** Only albums this app created can be changed through the Library API; the sync scope may change any. */
function writableAlbum(c: AuthedContext): AlbumRow {
  const album = visibleAlbum(c.cloud, c.caller, c.params.albumId ?? '');
  if (!seesWholeLibrary(c.caller) && album.created_by !== c.caller.clientId) throw invalidArgument('This album was not created by this app.');
  return album;
}

const mediaItemIds = z.object({
  mediaItemIds: z.array(z.string().min(1)).min(1, 'mediaItemIds must contain at least one id').max(50, 'mediaItemIds must contain at most 50 ids'),
});

async function batchAdd(c: AuthedContext): Promise<Response> {
  const body = await readJson(c.request, mediaItemIds);
  const album = writableAlbum(c);
  c.cloud.transaction(() => addToAlbum(c.cloud, c.caller, album, body.mediaItemIds));
  c.touch(...body.mediaItemIds);
  return json({});
}

async function batchRemove(c: AuthedContext): Promise<Response> {
  const body = await readJson(c.request, mediaItemIds);
  const album = writableAlbum(c);
  c.cloud.transaction(() => removeFromAlbum(c.cloud, c.caller, album, body.mediaItemIds));
  c.touch(...body.mediaItemIds);
  return json({});
}

async function patch(c: AuthedContext): Promise<Response> {
  const fields = (c.url.searchParams.get('updateMask') ?? '').split(',').filter(Boolean);
  const allowed = ['title', 'coverPhotoMediaItemId'];
  if (fields.length === 0 || fields.some((f) => !allowed.includes(f))) throw invalidArgument('updateMask must list title and/or coverPhotoMediaItemId.');
  const body = await readJson(c.request, z.object({ title: title.optional(), coverPhotoMediaItemId: z.string().min(1).optional() }));
  const album = writableAlbum(c);
  const changes = {
    ...(fields.includes('title') && body.title !== undefined ? { title: body.title } : {}),
    ...(fields.includes('coverPhotoMediaItemId') && body.coverPhotoMediaItemId !== undefined ? { coverItemId: body.coverPhotoMediaItemId } : {}),
  };
  return json(albumJson(c.cloud, c.cloud.transaction(() => updateAlbum(c.cloud, album, changes))));
}
