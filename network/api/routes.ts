import { z } from 'zod';
import type { ProxyCollection, ProxyInput } from '../collection.ts';
import type { Proxy } from '../proxy.ts';
import { ApiError } from '../errors.ts';
import type { EventLog } from '../events.ts';
import { parse } from '../toxic-spec.ts';

/** The Toxiproxy version we answer as: the API of Shopify/toxiproxy 2.12.0. */
export const TOXIPROXY_VERSION = '2.12.0';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body; a missing or malformed one is Toxiproxy's 400 "bad request body". */
  body(): unknown;
  collection: ProxyCollection;
  events: EventLog;
}

export interface Reply {
  status: number;
  /** Sent as `application/json`, as Toxiproxy's handlers send their answers. */
  json?: unknown;
  /** Sent as is (`/version` ends with a newline in Toxiproxy), as `contentType` (`application/json;charset=utf-8` by default). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  handle(context: RouteContext): Reply | Promise<Reply>;
}

const proxyFields = {
  listen: z.string().optional(),
  upstream: z.string().optional(),
  enabled: z.boolean().optional(),
};
const proxyBody = z.object({ name: z.string().optional(), ...proxyFields });
const proxyUpdate = z.object(proxyFields);

function proxyInput(raw: unknown, where = ''): ProxyInput {
  const body = parse(proxyBody, raw);
  if (!body.name) throw new ApiError('missingField', `name${where}`);
  if (!body.upstream) throw new ApiError('missingField', `upstream${where}`);
  return { ...body, name: body.name, upstream: body.upstream };
}

const ok = (json: unknown, status = 200): Reply => ({ status, json });

/** Go marshals an empty list of proxies as null; an error comes first, with its status, as in api.go. */
function populated(proxies: readonly Proxy[], error?: unknown): Reply {
  const shown = proxies.length > 0 ? proxies.map((p) => p.toJSON()) : null;
  if (error === undefined) return ok({ proxies: shown }, 201);
  const apiError = error instanceof ApiError ? error : new ApiError('unclassified', String((error as Error)?.message ?? error));
  return ok({ ...apiError.toJSON(), proxies: shown }, apiError.status);
}
const noContent: Reply = { status: 204 };

/** Toxiproxy's api.go routes, name for name, plus our `GET /events`. POST on an existing resource = PATCH. See router.ts for matching. */
export const routes: readonly Route[] = [
  { name: 'ResetState', method: 'POST', path: '/reset', handle: async ({ collection }) => (await collection.reset(), noContent) },
  {
    name: 'ProxyIndex',
    method: 'GET',
    path: '/proxies',
    handle: ({ collection }) => ok(Object.fromEntries(collection.list().map((p) => [p.name, p.toJSON()]))),
  },
  { name: 'ProxyCreate', method: 'POST', path: '/proxies', handle: async (c) => ok((await c.collection.add(proxyInput(c.body()))).toJSON(), 201) },
  {
    name: 'Populate',
    method: 'POST',
    path: '/populate',
    // api.go's Populate writes its errors itself, as JSON beside "proxies": null, or the proxies made before the failure.
    handle: async ({ body, collection }) => {
      let inputs: ProxyInput[];
      try {
        inputs = parse(z.array(z.unknown()), body()).map((entry, i) => proxyInput(entry, ` at proxy ${i + 1}`));
      } catch (error) {
        return populated([], error);
      }
      const { proxies, error } = await collection.populate(inputs);
      return populated(proxies, error);
    },
  },
  { name: 'ProxyShow', method: 'GET', path: '/proxies/{proxy}', handle: ({ collection, params }) => ok(collection.get(params.proxy!).toJSON()) },
  ...(['POST', 'PATCH'] as const).map(
    (method): Route => ({
      name: 'ProxyUpdate',
      method,
      path: '/proxies/{proxy}',
      handle: async ({ collection, params, body }) => {
        collection.get(params.proxy!); // 404 before 400, as Toxiproxy
        return ok((await collection.update(params.proxy!, parse(proxyUpdate, body()))).toJSON());
      },
    }),
  ),
  { name: 'ProxyDelete', method: 'DELETE', path: '/proxies/{proxy}', handle: async (c) => (await c.collection.remove(c.params.proxy!), noContent) },
  { name: 'ToxicIndex', method: 'GET', path: '/proxies/{proxy}/toxics', handle: (c) => ok(c.collection.get(c.params.proxy!).listToxics()) },
  // Toxiproxy answers 200, not 201, to a created toxic: clients compare with it, so we do the same.
  { name: 'ToxicCreate', method: 'POST', path: '/proxies/{proxy}/toxics', handle: (c) => ok(c.collection.get(c.params.proxy!).addToxic(c.body())) },
  { name: 'ToxicShow', method: 'GET', path: '/proxies/{proxy}/toxics/{toxic}', handle: (c) => ok(c.collection.get(c.params.proxy!).getToxic(c.params.toxic!)) },
  ...(['POST', 'PATCH'] as const).map(
    (method): Route => ({
      name: 'ToxicUpdate',
      method,
      path: '/proxies/{proxy}/toxics/{toxic}',
      handle: (c) => {
        const proxy = c.collection.get(c.params.proxy!);
        proxy.getToxic(c.params.toxic!);
        return ok(proxy.updateToxic(c.params.toxic!, c.body()));
      },
    }),
  ),
  {
    name: 'ToxicDelete',
    method: 'DELETE',
    path: '/proxies/{proxy}/toxics/{toxic}',
    handle: (c) => (c.collection.get(c.params.proxy!).removeToxic(c.params.toxic!), noContent),
  },
  { name: 'Version', method: 'GET', path: '/version', handle: () => ({ status: 200, text: `{"version": "${TOXIPROXY_VERSION}"}\n` }) },
  {
    name: 'Events',
    method: 'GET',
    path: '/events',
    handle: ({ events, query }) => ok(events.since(Number(query.get('since') ?? 0) || 0)),
  },
];
