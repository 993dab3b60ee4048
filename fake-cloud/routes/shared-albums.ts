import { ApiError } from '../errors.ts';
import type { Route } from './route.ts';

/**
 * The shared-album calls. Since 2025-03-31 they need `photoslibrary.sharing`, a scope Google no longer grants
 * (developers.google.com/photos/support/updates), so every caller gets 403 PERMISSION_DENIED for insufficient
 * scopes, after authentication (no token is still 401). Clients that list shared albums beside albums expect it.
 */
const sharedAlbumPaths: ReadonlyArray<[name: string, method: Route['method'], path: string]> = [
  ['sharedAlbums.list', 'GET', '*/v1/sharedAlbums'],
  ['sharedAlbums.get', 'GET', '*/v1/sharedAlbums/:shareToken'],
  ['sharedAlbums.join', 'POST', '*/v1/sharedAlbums\\:join'],
  ['sharedAlbums.leave', 'POST', '*/v1/sharedAlbums\\:leave'],
  ['albums.share', 'POST', '*/v1/albums/:albumId\\:share'],
  ['albums.unshare', 'POST', '*/v1/albums/:albumId\\:unshare'],
];

/** A scope nobody can hold any more: the dispatcher authenticates, then refuses for scopes, as Google does. */
const removedSharingScope = 'https://www.googleapis.com/auth/photoslibrary.sharing' as never;

export const sharedAlbumRoutes: Route[] = sharedAlbumPaths.map(([name, method, path]) => ({
  name,
  method,
  path,
  scopes: [removedSharingScope],
  handle: () => {
    throw new ApiError(403, 'Request had insufficient authentication scopes.');
  },
}));
