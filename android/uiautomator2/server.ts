import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SimAndroidPhone } from '../sim-phone.ts';
import { routes, type Route } from './routes.ts';
import { Uia2Error } from './errors.ts';

/** The session a UiAutomator2 server holds: one at a time, as on a phone, with its element references. */
export interface Uia2Session {
  id: string;
  capabilities: Record<string, unknown>;
  /** Element id → the view's stable key on the current screen. */
  elements: Map<string, string>;
  settings: Record<string, unknown>;
}

export interface Uia2Context {
  phone: SimAndroidPhone;
  session: Uia2Session;
  params: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * The UiAutomator2 server's HTTP API (appium/appium-uiautomator2-server) as it runs on a phone after
 * `am instrument`: the routes the Appium UiAutomator2 driver proxies to, with the server's JSON envelope
 * (`{sessionId, value}`) and its W3C error bodies. It listens on a host loopback port that stands for the
 * phone's tcp:6790, reached through `adb forward` as on a real device.
 */
export class Uia2Server {
  private server: Server | undefined;
  session: Uia2Session | undefined;
  private readonly table: Array<Route & { pattern: RegExp; names: string[] }>;

  constructor(readonly phone: SimAndroidPhone) {
    this.table = routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { ...route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  async listen(): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  newSession(capabilities: Record<string, unknown>): Uia2Session {
    this.session = { id: randomUUID(), capabilities, elements: new Map(), settings: {} };
    return this.session;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]?.replace(/^\/wd\/hub/, '') ?? '/';
    let sessionId: string | null = this.session?.id ?? null;
    try {
      const body = await readJson(req);
      for (const route of this.table) {
        if (route.method !== req.method) continue;
        const match = route.pattern.exec(path);
        if (!match) continue;
        const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
        if (route.session !== false) {
          if (!this.session || this.session.id !== params.sessionId) throw new Uia2Error('invalid session id', `A session is either terminated or not started (${params.sessionId})`);
        }
        const value = await route.handle({ phone: this.phone, session: this.session as Uia2Session, params, body }, this);
        sessionId = this.session?.id ?? sessionId;
        return send(res, 200, { sessionId, value: value ?? null });
      }
      throw new Uia2Error('unknown command', `The requested resource could not be found, or a request was received using an HTTP method that is not supported by the mapped resource: ${req.method} ${path}`);
    } catch (error) {
      const known = error instanceof Uia2Error ? error : Uia2Error.from(error);
      send(res, known.status, { sessionId, value: { error: known.error, message: known.message, stacktrace: known.stack ?? '' } });
    }
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new Uia2Error('invalid argument', `The request body is not JSON: ${text.slice(0, 80)}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
