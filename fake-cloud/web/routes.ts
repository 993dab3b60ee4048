import type { Route, RouteContext } from '../routes/route.ts';
import { readOnlyRoute } from '../routes/route.ts';
import { accountsPage } from './accounts.ts';
import { albumPage, albumsPage } from './albums.ts';
import { errorPage } from './html.ts';
import { itemPage } from './item.ts';
import { libraryPage } from './library.ts';
import { thumbnail } from './thumbnail.ts';
import { trashPage } from './trash.ts';

/** A page's failure is a page too (thumbnails answer their status with the same small page). */
const asPage =
  (handle: (c: RouteContext) => Response | Promise<Response>) =>
  async (c: RouteContext): Promise<Response> => {
    try {
      return await handle(c);
    } catch (error) {
      return errorPage(error);
    }
  };

/**
 * The cloud's face: a read-only web view of an account's library, as a person sees photos.google.com. GET only;
 * no page writes anything (see Route.readOnly). An item's or album's productUrl (`/lr/photo/:id`, `/lr/album/:id`)
 * opens its page, as Google's opens it in Google Photos.
 */
export const webRoutes: Route[] = [
  readOnlyRoute('web.library', '*/', asPage(libraryPage)),
  readOnlyRoute('web.accounts', '*/accounts', asPage(accountsPage)),
  readOnlyRoute('web.albums', '*/albums', asPage(albumsPage)),
  readOnlyRoute('web.album', '*/album/:albumId', asPage(albumPage)),
  readOnlyRoute('web.trash', '*/trash', asPage(trashPage)),
  readOnlyRoute('web.item', '*/photo/:mediaItemId', asPage(itemPage)),
  readOnlyRoute('web.productUrl', '*/lr/photo/:mediaItemId', asPage(itemPage)),
  readOnlyRoute('web.albumProductUrl', '*/lr/album/:albumId', asPage(albumPage)),
  readOnlyRoute('web.thumbnail', '*/thumb/:mediaItemId/:sized', asPage(thumbnail)),
];

/** Whether a path is one of the view's (the HTTP server keeps them to this cloud's own host names, as /__admin). */
export const isWebViewPath = (pathname: string): boolean =>
  pathname === '/' || /^\/(?:accounts|albums|trash|album\/[^/]+|photo\/[^/]+|lr\/(?:photo|album)\/[^/]+|thumb\/[^/]+\/[^/]+)$/.test(pathname);
