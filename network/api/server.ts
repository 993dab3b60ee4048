import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../runtime/clock.ts';
import { createRng } from '../../runtime/rng.ts';
import { ProxyCollection } from '../collection.ts';
import { ApiError } from '../errors.ts';
import { EventLog } from '../events.ts';
import { plainAnswers, routeRequest } from './router.ts';
import type { Reply } from './routes.ts';

export const DEFAULT_API_PORT = 8474;
/** Ours: Toxiproxy decodes a body of any size; we keep at most this much and answer 400 past it (read to the end first). */
export const MAX_BODY_BYTES = 1 << 20;

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

/** The Toxiproxy HTTP API over node:http, with its proxies on real TCP. */
export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const events = new EventLog(options.clock);
  const collection = new ProxyCollection({ clock: options.clock, rng: createRng(options.seed ?? 0).fork('network'), events });
  const server = createServer((request, response) => {
    serve(request, response, collection, events).catch((error: unknown) => send(response, apiError(error)));
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
  const routed = routeRequest(request.method ?? 'GET', request.url ?? '/');
  // Answers that never reach a handler still wait for the body: answering while a client is still sending gives it EPIPE.
  const raw = await readBody(request);
  if ('plain' in routed) return send(response, plainAnswers[routed.plain](routed.location));
  // Toxiproxy refuses browsers (a middleware, so only on routes that matched), so a web page cannot drive it.
  if ((request.headers['user-agent'] ?? '').startsWith('Mozilla/')) return send(response, plainAnswers.browser());
  const { route, params, query } = routed;
  const body = () => {
    if (raw.tooLarge) throw new ApiError('badRequestBody', `larger than ${MAX_BODY_BYTES} bytes`);
    if (raw.text.trim() === '') throw new ApiError('badRequestBody', 'EOF');
    try {
      return JSON.parse(raw.text) as unknown;
    } catch (error) {
      throw new ApiError('badRequestBody', (error as Error).message);
    }
  };
  send(response, await route.handle({ params, query, body, collection, events }));
}

/** Reads the whole body, keeping at most MAX_BODY_BYTES of it. */
function readBody(request: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve({ text: size > MAX_BODY_BYTES ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES }));
    request.on('error', reject);
  });
}

/**
 * Toxiproxy's apiError (api.go): the JSON `{"error", "status"}` written through Go's http.Error, which makes the
 * content type text/plain and ends the body with a newline. An error that is not an ApiError is its 500.
 */
function apiError(error: unknown): Reply {
  const known = error instanceof ApiError ? error : undefined;
  const status = known?.status ?? 500;
  const message = known?.message ?? String((error as Error)?.message ?? error);
  return { status, text: `${JSON.stringify({ error: message, status })}\n`, contentType: 'text/plain; charset=utf-8', headers: { 'x-content-type-options': 'nosniff' } };
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent) return void response.end();
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.json !== undefined) {
    response.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
  } else if (reply.text !== undefined) {
    response.writeHead(reply.status, { ...headers, 'content-type': reply.contentType ?? 'application/json;charset=utf-8' }).end(reply.text);
  } else {
    response.writeHead(reply.status, headers).end();
  }
}
