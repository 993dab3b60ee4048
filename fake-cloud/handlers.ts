import { http, type HttpHandler } from 'msw';
import type { Cloud } from './cloud.ts';
import { adminRoutes } from './routes/admin.ts';
import { albumRoutes } from './routes/albums.ts';
import { dispatch } from './routes/dispatch.ts';
import { downloadRoutes } from './routes/downloads.ts';
import { mediaItemRoutes } from './routes/media-items.ts';
import { oauthRoutes } from './routes/oauth.ts';
import type { Route } from './routes/route.ts';
import { sharedAlbumRoutes } from './routes/shared-albums.ts';
import { syncRoutes } from './routes/sync.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { webRoutes } from './web/routes.ts';

/**
 * Every route of the cloud, as one table. Order matters where paths overlap: `*` matches any prefix, so the
 * admin routes come before the OAuth ones (a leading star would let the revoke route take /__admin/revoke),
 * and `:batchGet` before `/:id`; the web view's pages come last, so no API path is ever taken for one of them.
 */
export const routes: readonly Route[] = [
  ...adminRoutes,
  ...oauthRoutes,
  ...uploadRoutes,
  ...mediaItemRoutes,
  ...sharedAlbumRoutes,
  ...albumRoutes,
  ...downloadRoutes,
  ...syncRoutes,
  ...webRoutes,
];

const verbs = { GET: http.get, POST: http.post, PATCH: http.patch, DELETE: http.delete } as const;

/**
 * The cloud as msw request handlers. They match any origin, so the same list serves our HTTP server and, in-process,
 * code that calls the real `https://photoslibrary.googleapis.com` (with msw's `setupServer(...cloudHandlers(cloud))`).
 */
export function cloudHandlers(cloud: Cloud): HttpHandler[] {
  return routes.map((route) => handlerFor(cloud, route));
}

function handlerFor(cloud: Cloud, route: Route): HttpHandler {
  return verbs[route.method](route.path, ({ request, params }) => dispatch(cloud, route, request, flattenParams(params)));
}

/**
 * The same handlers, indexed: msw tries every handler in turn (about 50 µs each), so the HTTP server first finds
 * the one route whose method and path match and hands msw just that handler.
 */
export function indexedCloudHandlers(cloud: Cloud): (method: string, pathname: string) => HttpHandler | undefined {
  const table = routes.map((route) => ({ method: route.method, pattern: pathPattern(route.path), handler: handlerFor(cloud, route) }));
  return (method, pathname) => table.find((r) => r.method === method && r.pattern.test(pathname))?.handler;
}

/** msw path (`*` prefix, `:param`, `\\:` for a literal colon) → a RegExp over the URL's pathname. */
function pathPattern(path: string): RegExp {
  const source = path
    .replace(/^\*/, '')
    .split(/(\\:|:[A-Za-z_]\w*)/) // a parameter's name may hold digits (`:sha256`), as msw's may
    .map((part) => (part === '\\:' ? ':' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function flattenParams(params: Record<string, string | readonly string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = value;
  return out;
}
