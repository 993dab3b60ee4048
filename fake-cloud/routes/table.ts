import { adminRoutes } from './admin.ts';
import { albumRoutes } from './albums.ts';
import { downloadRoutes } from './downloads.ts';
import { mediaItemRoutes } from './media-items.ts';
import { oauthRoutes } from './oauth.ts';
import type { Method, Route } from './route.ts';
import { sharedAlbumRoutes } from './shared-albums.ts';
import { syncRoutes } from './sync.ts';
import { uploadRoutes } from './uploads.ts';
import { webRoutes } from '../web/routes.ts';

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

export interface RouteMatch {
  route: Route;
  /** The path's `:name` parameters, percent-decoded as msw decodes them. */
  params: Record<string, string>;
}

/** Each route's msw path compiled once: `*` prefix, `:param`, `\\:` for a literal colon → a RegExp over the pathname. */
const compiled = routes.map((route) => {
  const names: string[] = [];
  const source = route.path
    .replace(/^\*/, '')
    .split(/(\\:|:[A-Za-z_]\w*)/) // a parameter's name may hold digits (`:sha256`), as msw's may
    .map((part) => {
      if (part === '\\:') return ':';
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('');
  return { route, names, pattern: new RegExp(`^${source}$`) };
});

/**
 * The one route a call takes, first match in table order, with its parameters; undefined when none matches or a
 * parameter is not valid percent-encoding. msw tries every handler in turn (about 50 µs each) and builds a handler
 * per route per cloud, so both the HTTP server and the in-process cloud find the route here first.
 */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  for (const { route, names, pattern } of compiled) {
    if (route.method !== (method as Method)) continue;
    const found = pattern.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
    } catch {
      return undefined;
    }
    return { route, params };
  }
  return undefined;
}
