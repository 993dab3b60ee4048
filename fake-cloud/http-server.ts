import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cloud } from './cloud.ts';
import { ApiError, invalidArgument, notFound, permissionDenied } from './errors.ts';
import { dispatch } from './routes/dispatch.ts';
import { matchRoute } from './routes/table.ts';
import { isWebViewPath } from './web/routes.ts';
import { recordAudit } from './model/audit.ts';
import { noteFailure } from './model/store-health.ts';
import { maxUploadBytes } from './model/uploads.ts';

export interface CloudServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Bodies past this are refused before they are buffered (a photo is ≤ 200 MB; chunk or raw). */
const maxBodyBytes = maxUploadBytes + 1024 * 1024;

/** Serves the cloud's routes over real HTTP (node:http, the route table and `dispatch`, as msw's handlers do in-process). */
export async function startCloudServer(cloud: Cloud, options: { port?: number; host?: string; publicUrl?: string } = {}): Promise<CloudServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    serve(cloud, req, res).catch((error: NodeJS.ErrnoException) => {
      // A client that hung up mid-request (a cut connection, a fault toxic) is normal here, not a server error.
      // (Not `req.destroyed`: Node sets it once the body has been read, which hid every other failure.)
      if (res.socket === null || res.socket.destroyed || error.code === 'ECONNRESET') return void res.destroy();
      noteFailure(cloud, error);
      console.error('fake-cloud: unexpected error', error);
      if (res.headersSent) return void res.destroy();
      void send(res, jsonError(new ApiError(500, 'Internal error encountered.'))).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 5_000; // ambient-ok: node:http socket housekeeping, not simulated time
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  cloud.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  return {
    url,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(cloud: Cloud, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A request refused before any route sees it is still a call the cloud answered: the audit log shows it.
  const refuse = (error: ApiError, close = false) => {
    recordAudit(cloud, { account: null, clientId: null, route: 'refused', method: req.method ?? '', path: (req.url ?? '/').split('?')[0] ?? '/', status: error.code, itemIds: [], fault: null });
    return send(res, jsonError(error), close, req.method === 'HEAD');
  };
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBodyBytes) {
    req.resume();
    return refuse(invalidArgument(`Request payload size exceeds the limit: ${maxUploadBytes} bytes.`), true);
  }
  const body = await readBody(req);
  if (body === 'too-large') return refuse(invalidArgument(`Request payload size exceeds the limit: ${maxUploadBytes} bytes.`), true);
  // HTTP requires HEAD wherever GET works (RFC 9110 §9.3.2): the GET route answers, without its body.
  const head = req.method === 'HEAD';
  let request: Request;
  try {
    request = new Request(new URL(req.url ?? '/', 'http://cloud.local'), {
      method: head ? 'GET' : req.method,
      headers: headersOf(req),
      body: body.length > 0 && req.method !== 'GET' && !head ? new Uint8Array(body) : undefined,
    });
  } catch {
    return refuse(invalidArgument('Malformed request (URL or headers).'));
  }
  const pathname = new URL(request.url).pathname;
  try {
    decodeURIComponent(pathname);
  } catch {
    return refuse(invalidArgument(`Malformed request path: ${pathname}`));
  }
  if (pathname === '/__admin' || pathname.startsWith('/__admin/')) {
    const foreign = foreignCaller(req, cloud.publicUrl);
    if (foreign) return refuse(permissionDenied(foreign));
  }
  // The web view shows the library: a page elsewhere may link to it, but no other name may read it (DNS rebinding).
  // Refused without an audit row: the view writes nothing, not even when it says no.
  const wrongHost = isWebViewPath(pathname) ? foreignHost(req, cloud.publicUrl) : undefined;
  if (wrongHost) return send(res, jsonError(permissionDenied(wrongHost)), false, head);
  const match = matchRoute(request.method, pathname);
  if (!match) return refuse(notFound(`No such API: ${req.method} ${pathname}`));
  return send(res, await dispatch(cloud, match.route, request, match.params), false, head);
}

/**
 * Why a call to `/__admin` looks like it comes from a web page rather than from a test, a harness or curl (which
 * send no `Origin`): the admin API has no credential, so a page in a local browser must not drive it, whether by a
 * cross-origin request (`Origin`, `Sec-Fetch-Site`) or through a DNS name rebound to 127.0.0.1 (`Host`).
 */
function foreignCaller(req: IncomingMessage, publicUrl: string): string | undefined {
  const port = req.socket.localPort ?? 0;
  const wrongHost = foreignHost(req, publicUrl);
  if (wrongHost) return wrongHost;
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port, publicUrl)) {
    return `Origin ${JSON.stringify(origin)} is not this cloud's own: /__admin refuses calls from web pages.`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site ${JSON.stringify(site)}: /__admin refuses calls from web pages.`;
  return undefined;
}

/** Why the `Host` a request names is not this cloud (undefined when it is, or when there is none). */
function foreignHost(req: IncomingMessage, publicUrl: string): string | undefined {
  const port = req.socket.localPort ?? 0;
  const host = req.headers.host;
  if (host === undefined || isOwnAuthority(host, port, publicUrl)) return undefined;
  return `Host ${JSON.stringify(host)} is not this cloud (a loopback name or address with port ${port}): /__admin and the web view are not served to other names.`;
}

const loopbackName = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(hostname);

/** `host[:port]` names this server: a loopback name or address with the port the request came in on, or the public URL's. */
function isOwnAuthority(authority: string, port: number, publicUrl: string): boolean {
  // A name or an IPv4 address, or an IPv6 address in brackets, and a port: nothing a URL parser would reinterpret.
  if (!/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(authority)) return false;
  let url: URL;
  try {
    url = new URL(`http://${authority}`);
  } catch {
    return false;
  }
  if (loopbackName(url.hostname) && Number(url.port || '80') === port) return true;
  try {
    return url.host === new URL(publicUrl).host;
  } catch {
    return false;
  }
}

function isOwnOrigin(origin: string, port: number, publicUrl: string): boolean {
  try {
    if (new URL(publicUrl).origin === origin) return true;
  } catch {
    // no public URL to compare with
  }
  const match = /^http:\/\/([^/]+)$/.exec(origin);
  return match !== null && isOwnAuthority(match[1] as string, port, publicUrl);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Header values as HTTP carries them (bytes, read as Latin-1); a route that expects UTF-8 re-reads them. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  return headers;
}

const jsonError = (error: ApiError): Response => Response.json(error.toJSON(), { status: error.code });

async function send(res: ServerResponse, response: Response, close = false, headOnly = false): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  headers['content-length'] = String(body.length);
  if (close) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(headOnly ? undefined : body);
}
