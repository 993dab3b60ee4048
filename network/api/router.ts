import { posix } from 'node:path';
import { routes, type Reply, type Route } from './routes.ts';

/**
 * How Toxiproxy's router (gorilla/mux 1.8, over Go's net/http) picks a route, as a client can see it: the path is
 * percent-decoded before matching (so `%2F` is a slash, and a proxy named `a/b` can never be reached), a variable
 * is one segment, a trailing slash is another path, and an unclean path is redirected to its clean form.
 */

/** The answers that come from the router or from net/http, not from Toxiproxy's handlers. */
export const plainAnswers = {
  /** Go's net/http refuses a request line whose path has a bad escape (`/proxies/%`) before any handler. */
  badRequest: (): Reply => ({ status: 400, text: '400 Bad Request', contentType: 'text/plain; charset=utf-8', headers: { connection: 'close' } }),
  /** mux's default: net/http's NotFound. */
  notFound: (): Reply => ({ status: 404, text: '404 page not found\n', contentType: 'text/plain; charset=utf-8', headers: { 'x-content-type-options': 'nosniff' } }),
  /** mux's 405 has no body. */
  methodNotAllowed: (): Reply => ({ status: 405 }),
  /** mux redirects `//proxies` or `/proxies/./x` to the clean path, without a body. */
  redirect: (location = '/'): Reply => ({ status: 301, headers: { location } }),
  /** Toxiproxy's stopBrowsersMiddleware. */
  browser: (): Reply => ({ status: 403, text: 'User agent not allowed\n', contentType: 'text/plain; charset=utf-8', headers: { 'x-content-type-options': 'nosniff' } }),
} as const;

export type Routed =
  | { route: Route; params: Record<string, string>; query: URLSearchParams }
  | { plain: keyof typeof plainAnswers; location?: string };

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  keys: string[];
}

const compiled: CompiledRoute[] = routes.map((route) => {
  const keys: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, key: string) => (keys.push(key), '([^/]+)'));
  return { route, pattern: new RegExp(`^${source}$`), keys };
});

export function routeRequest(method: string, target: string): Routed {
  const queryAt = target.indexOf('?');
  const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : target.slice(queryAt + 1);
  const path = percentDecoded(rawPath);
  if (path === undefined) return { plain: 'badRequest' };
  const clean = cleanPath(path);
  if (clean !== path) return { plain: 'redirect', location: encodeURI(clean) + (rawQuery ? `?${rawQuery}` : '') };
  const matches = compiled.filter(({ pattern }) => pattern.test(path));
  const found = matches.find(({ route }) => route.method === method);
  if (!found) return { plain: matches.length > 0 ? 'methodNotAllowed' : 'notFound' };
  const values = found.pattern.exec(path)?.slice(1) ?? [];
  return { route: found.route, params: Object.fromEntries(found.keys.map((key, i) => [key, values[i] ?? ''])), query: new URLSearchParams(rawQuery) };
}

/** Go's path unescaping: every `%` must start two hex digits; the bytes are read as UTF-8. */
function percentDecoded(raw: string): string | undefined {
  if (/%(?![0-9a-fA-F]{2})/.test(raw)) return undefined;
  if (!raw.includes('%')) return raw;
  return Buffer.from(raw.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** mux's cleanPath: Go's path.Clean, keeping a trailing slash. */
function cleanPath(path: string): string {
  const rooted = path.startsWith('/') ? path : `/${path}`;
  const clean = posix.normalize(rooted).replace(/(.)\/$/, '$1');
  return rooted.endsWith('/') && clean !== '/' ? `${clean}/` : clean;
}
