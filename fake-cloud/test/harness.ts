import type { ClientRequest } from 'node:http';
import sharp from 'sharp';
import { afterEach, beforeEach, expect } from 'vitest';
import { OffsetClock, RealClock } from '../../runtime/real-clock.ts';
import { Cloud, type CloudOptions } from '../cloud.ts';
import { startCloudServer, type CloudServer } from '../http-server.ts';

/**
 * A fake cloud on a real port and a client that speaks only HTTP to it (what the tests call "a phone").
 * Every test gets its own cloud in memory unless it passes a dataDir.
 */
export interface TestCloud {
  cloud: Cloud;
  server: CloudServer;
  url: string;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Creates an account (and its first app) and returns a client holding a fresh access token. */
  account(email: string, options?: { quotaBytes?: number; scopes?: string[] }): Promise<PhotosClient>;
  /** Another app (OAuth client) on an existing account. */
  app(email: string, name: string, scopes?: string[]): Promise<PhotosClient>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestCloud(options: Partial<CloudOptions> = {}): Promise<TestCloud> {
  const cloud = new Cloud({ clock: new OffsetClock(new RealClock()), seed: 1, ...options });
  const server = await startCloudServer(cloud);
  const url = server.url;
  const admin = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const clientFor = async (credentials: { clientId: string; clientSecret: string; refreshToken: string }) => {
    const client = new PhotosClient(url, credentials);
    await client.refresh();
    return client;
  };
  return {
    cloud,
    server,
    url,
    admin,
    account: async (email, o = {}) => {
      const created = await admin<{ clientId: string; clientSecret: string; refreshToken: string }>('POST', '/__admin/accounts', { email, ...o });
      if (created.status !== 201) throw new Error(`account: ${JSON.stringify(created.body)}`);
      return clientFor(created.body);
    },
    app: async (email, name, scopes) => {
      const created = await admin<{ clientId: string; clientSecret: string; refreshToken: string }>('POST', `/__admin/accounts/${email}/apps`, { name, scopes });
      if (created.status !== 201) throw new Error(`app: ${JSON.stringify(created.body)}`);
      return clientFor(created.body);
    },
    advance: async (ms) => {
      const r = await admin('POST', '/__admin/clock', { advanceMs: ms });
      if (r.status !== 200) throw new Error(`advance: ${JSON.stringify(r.body)}`);
    },
    close: async () => {
      await server.close();
      cloud.close();
    },
  };
}

/**
 * A fresh cloud and a signed-in phone (qa@example.com) before each test of the file, closed after each, handed to
 * `use` (which keeps them in the file's own variables).
 */
export function cloudForEachTest(use: (cloud: TestCloud, phone: PhotosClient) => void, options: Partial<CloudOptions> = {}): void {
  let current: TestCloud | undefined;
  beforeEach(async () => {
    current = await startTestCloud(options);
    use(current, await current.account('qa@example.com'));
  });
  afterEach(() => current?.close());
}

/**
 * The status and body a raw node:http request gets (for requests fetch cannot send: raw header bytes, a body
 * declared but never written). The caller sends the request (`end`, or `flushHeaders` for headers only).
 */
export function answerOf(req: ClientRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A Library API client over plain fetch: what code written against the real Google endpoints does. */
export class PhotosClient {
  accessToken = '';

  constructor(
    readonly baseUrl: string,
    readonly credentials: { clientId: string; clientSecret: string; refreshToken: string },
  ) {}

  async refresh(): Promise<ApiResult> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      refresh_token: this.credentials.refreshToken,
    });
    const result = await this.raw('POST', '/token', { body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, auth: false });
    if (result.status === 200) this.accessToken = String(result.body.access_token);
    return result;
  }

  async raw<T = Record<string, unknown>>(
    method: string,
    path: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { ...(init.auth === false ? {} : { Authorization: `Bearer ${this.accessToken}` }), ...init.headers };
    const response = await fetch(path.startsWith('http') ? path : this.baseUrl + path, { method, headers, body: typeof init.body === 'string' ? init.body : init.body && new Uint8Array(init.body) });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: body as T, text };
  }

  json<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
    return this.raw<T>(method, path, { body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });
  }

  /** Raw-protocol upload; returns the upload token. */
  async upload(bytes: Uint8Array, fileName = 'IMG.jpg', mime = 'image/jpeg'): Promise<string> {
    const result = await this.raw('POST', '/v1/uploads', {
      body: bytes,
      headers: { 'Content-Type': 'application/octet-stream', 'X-Goog-Upload-Protocol': 'raw', 'X-Goog-Upload-Content-Type': mime, 'X-Goog-Upload-File-Name': fileName },
    });
    if (result.status !== 200) throw new Error(`upload ${result.status}: ${result.text}`);
    return result.text;
  }

  batchCreate(items: Array<{ token: string; fileName?: string; description?: string }>, albumId?: string) {
    return this.json<{ newMediaItemResults: Array<{ uploadToken: string; status: { code?: number; message: string }; mediaItem?: MediaItemJson }> }>(
      'POST',
      '/v1/mediaItems:batchCreate',
      {
        ...(albumId ? { albumId } : {}),
        newMediaItems: items.map((i) => ({ ...(i.description ? { description: i.description } : {}), simpleMediaItem: { uploadToken: i.token, ...(i.fileName ? { fileName: i.fileName } : {}) } })),
      },
    );
  }

  /** Upload + batchCreate of one file; returns the created (or deduplicated) media item. */
  async add(bytes: Uint8Array, fileName = 'IMG.jpg'): Promise<MediaItemJson> {
    const token = await this.upload(bytes, fileName);
    const created = await this.batchCreate([{ token, fileName }]);
    const item = created.body.newMediaItemResults[0]?.mediaItem;
    if (!item) throw new Error(`batchCreate: ${created.text}`);
    return item;
  }
}

export interface MediaItemJson {
  id: string;
  description?: string;
  productUrl: string;
  baseUrl: string;
  mimeType: string;
  filename: string;
  mediaMetadata: { creationTime: string; width: string; height: string; photo?: Record<string, unknown>; video?: Record<string, unknown> };
}

/** A distinct JPEG for `n` (different n ⇒ different bytes): seeded noise, so big sizes give big files. */
export function testJpeg(n: number, options: { width?: number; height?: number; exif?: Record<string, string> } = {}): Promise<Buffer> {
  const width = options.width ?? 64;
  const height = options.height ?? 48;
  const pixels = Buffer.alloc(width * height * 3);
  let state = (n * 2654435761) >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    pixels[i] = state >>> 24;
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  const withExif = options.exif ? image.withExif({ IFD0: { Make: 'Xiaomi', Model: 'Redmi Note 12' }, IFD2: options.exif }) : image;
  return withExif.jpeg({ quality: 90 }).toBuffer();
}

/** Asserts a Google-style error: `{"error":{"code","message","status"}}` with this HTTP code (and status name). */
export function expectGoogleError(result: ApiResult<unknown>, code: number, status?: string): void {
  expect(result.status, result.text).toBe(code);
  expect(result.body).toMatchObject({ error: { code, message: expect.stringMatching(/\S/), status: status ?? expect.stringMatching(/^[A-Z_]+$/) } });
}
