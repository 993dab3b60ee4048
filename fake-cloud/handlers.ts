import { http, type HttpHandler } from 'msw';
import type { Cloud } from './cloud.ts';
import { dispatch } from './routes/dispatch.ts';
import type { Route } from './routes/route.ts';
import { routes } from './routes/table.ts';

const verbs = { GET: http.get, POST: http.post, PATCH: http.patch, DELETE: http.delete } as const;

/**
 * The cloud as msw request handlers. They match any origin, so code that calls the real
 * `https://photoslibrary.googleapis.com` can mount them in-process with msw's `setupServer(...cloudHandlers(cloud))`.
 * Our own server and the simulator skip msw's per-call machinery: they find the route with `matchRoute` and call
 * the same `dispatch`.
 */
export function cloudHandlers(cloud: Cloud): HttpHandler[] {
  return routes.map((route) => handlerFor(cloud, route));
}

function handlerFor(cloud: Cloud, route: Route): HttpHandler {
  return verbs[route.method](route.path, ({ request, params }) => dispatch(cloud, route, request, flattenParams(params)));
}

function flattenParams(params: Record<string, string | readonly string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = value;
  return out;
}
