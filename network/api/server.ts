import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../runtime/clock.ts';
import { createRng } from '../../runtime/rng.ts';
import { ProxyCollection } from '../collection.ts';
import { ApiError } from '../errors.ts';
import { EventLog } from '../events.ts';
import { routes, type Reply, type Route } from './routes.ts';

export const DEFAULT_API_PORT = 8474;
const MAX_BODY_BYTES = 1 << 20;

export interface FaultServerOptions {
  clock: Clock;
  /** Every random draw (toxicity, jitter, slicer sizes) derives from it: same seed, same decisions. */
  seed?: number;
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
}

export interface FaultServer {
  /** Base URL of the Toxiproxy API, e.g. http://127.0.0.1:8474 */
  readonly url: string;
  readonly collection: ProxyCollection;
  readonly events: EventLog;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  keys: string[];
}

const compiled: CompiledRoute[] = routes.map((route) => {
  const keys: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, key: string) => (keys.push(key), '([^/]+)'));
  return { ...route, pattern: new RegExp(`^${source}$`), keys };
});

/** The Toxiproxy HTTP API over node:http, with its proxies on real TCP. */
export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const events = new EventLog(options.clock);
  const collection = new ProxyCollection({ clock: options.clock, rng: createRng(options.seed ?? 0).fork('network'), events });
  const server = createServer((request, response) => {
    serve(request, response, collection, events).catch((error: unknown) => send(response, failure(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? DEFAULT_API_PORT }, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    collection,
    events,
    async close() {
      await collection.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, collection: ProxyCollection, events: EventLog): Promise<void> {
  // Toxiproxy refuses browsers, so a web page cannot drive it by cross-site requests.
  if ((request.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('User agent not allowed\n');
    return;
  }
  const url = new URL(request.url ?? '/', 'http://toxiproxy');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  const matches = compiled.filter((route) => route.pattern.test(path));
  const route = matches.find((r) => r.method === request.method);
  if (!route) throw new ApiError(matches.length > 0 ? 'methodNotAllowed' : 'routeNotFound');
  const values = route.pattern.exec(path)?.slice(1) ?? [];
  const params = Object.fromEntries(route.keys.map((key, i) => [key, decodeURIComponent(values[i] ?? '')]));
  const raw = await readBody(request);
  const body = () => {
    if (raw.trim() === '') throw new ApiError('badRequestBody', 'EOF');
    try {
      return JSON.parse(raw) as unknown;
    } catch (error) {
      throw new ApiError('badRequestBody', (error as Error).message);
    }
  };
  send(response, await route.handle({ params, query: url.searchParams, body, collection, events }));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new ApiError('badRequestBody', `larger than ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function failure(error: unknown): Reply {
  const apiError = error instanceof ApiError ? error : undefined;
  const status = apiError?.status ?? 500;
  return { status, json: { error: apiError?.message ?? String((error as Error)?.message ?? error), status } };
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent) return void response.end();
  if (reply.text !== undefined) {
    response.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8' }).end(reply.text);
  } else if (reply.json === undefined) {
    response.writeHead(reply.status).end();
  } else {
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
  }
}
