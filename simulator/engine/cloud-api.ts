import type { Clock } from '../../runtime/clock.ts';
import type { FetchLike } from '../../network/index.ts';

/**
 * The gallery's view of the cloud: the Library API plus the sync extension, over an injected fetch (in-process or
 * HTTP, with or without faults). Every call answers one of three outcomes, because over a network that is the
 * truth: it happened, it did not, or nobody knows (the request may have been committed before the link broke).
 */
export type Outcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'refused'; status: number; reason: string; body: unknown }
  | { kind: 'unknown'; reason: string };

export interface Credentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface SyncItem {
  mediaItem: { id: string; filename: string; baseUrl: string; mimeType: string };
  etag: string;
  version: number;
  sha256: string;
  trashed: boolean;
  albumIds: string[];
}

export interface Change {
  kind: string;
  time: string;
  mediaItemId?: string;
  albumId?: string;
  item?: SyncItem;
}

export interface ChangePage {
  changes: Change[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

export interface CreateResult {
  uploadToken: string;
  status: { code?: number; message: string };
  mediaItem?: { id: string; filename: string };
}

const chunkSize = 1024 * 1024;

/** A request that has not answered after this long is abandoned (its outcome unknown), as a phone's HTTP client does. */
export const requestTimeoutMs = 60_000;

export class CloudApi {
  accessToken: string | undefined;

  constructor(
    private readonly fetch: FetchLike,
    readonly baseUrl: string,
    private readonly credentials: Credentials,
    private readonly clock: Clock,
  ) {}

  /** One request, abandoned (its outcome unknown) if it has not answered within the timeout on the injected clock. */
  private async send(url: string, init: RequestInit): Promise<Response> {
    const controller = new AbortController();
    const timer = this.clock.setTimer(requestTimeoutMs, () => controller.abort(new Error(`no answer after ${requestTimeoutMs / 1000} s`)));
    try {
      return await this.fetch(new Request(url, { ...init, signal: controller.signal }));
    } finally {
      this.clock.clearTimer(timer);
    }
  }

  /** Sends one request; network errors and 5xx are "unknown", 4xx "refused". */
  async call<T>(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; json?: unknown; text?: boolean; auth?: boolean } = {}): Promise<Outcome<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.auth !== false && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    let response: Response;
    let text: string;
    try {
      response = await this.send(path.startsWith('http') ? path : this.baseUrl + path, { method, headers, body });
      text = await response.text();
    } catch (error) {
      return { kind: 'unknown', reason: (error as Error).message };
    }
    if (response.status >= 500) return { kind: 'unknown', reason: `${response.status} ${text.slice(0, 200)}` };
    const parsed = parseBody(text);
    if (response.status >= 400) return { kind: 'refused', status: response.status, reason: errorMessage(parsed) ?? text.slice(0, 200), body: parsed };
    return { kind: 'ok', value: (init.text ? text : parsed) as T };
  }

  async refreshToken(): Promise<Outcome<string>> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', ...{ client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, refresh_token: this.credentials.refreshToken } });
    const result = await this.call<{ access_token: string }>('POST', '/token', { body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, auth: false });
    if (result.kind === 'ok') this.accessToken = result.value.access_token;
    return result.kind === 'ok' ? { kind: 'ok', value: result.value.access_token } : result;
  }

  rawUpload(bytes: Uint8Array, fileName: string, mimeType: string): Promise<Outcome<string>> {
    return this.call('POST', '/v1/uploads', {
      body: new Uint8Array(bytes),
      headers: { 'X-Goog-Upload-Protocol': 'raw', 'X-Goog-Upload-File-Name': encodeURIComponent(fileName), 'X-Goog-Upload-Content-Type': mimeType, 'Content-Type': 'application/octet-stream' },
      text: true,
    });
  }

  startUpload(size: number, fileName: string, mimeType: string): Promise<Outcome<string>> {
    return this.uploadCommand('start', { 'X-Goog-Upload-Protocol': 'resumable', 'X-Goog-Upload-Raw-Size': String(size), 'X-Goog-Upload-File-Name': encodeURIComponent(fileName), 'X-Goog-Upload-Content-Type': mimeType }, '/v1/uploads', (r) => r.headers.get('x-goog-upload-url') ?? '');
  }

  /** How many bytes the session holds, and the upload token once it is final. */
  queryUpload(sessionUrl: string): Promise<Outcome<{ received: number; token?: string }>> {
    return this.uploadCommand('query', {}, sessionUrl, async (r) => ({ received: Number(r.headers.get('x-goog-upload-size-received') ?? 0), ...(r.headers.get('x-goog-upload-status') === 'final' ? { token: await r.text() } : {}) }));
  }

  /** Sends the rest of the bytes from `offset` in 1 MB chunks; the last one finalizes and answers the upload token. */
  async sendFrom(sessionUrl: string, bytes: Uint8Array, offset: number): Promise<Outcome<string>> {
    for (let at = offset; ; at += chunkSize) {
      const last = at + chunkSize >= bytes.length;
      const chunk = bytes.subarray(at, Math.min(bytes.length, at + chunkSize));
      const sent = await this.uploadCommand(last ? 'upload, finalize' : 'upload', { 'X-Goog-Upload-Offset': String(at) }, sessionUrl, (r) => r.text(), new Uint8Array(chunk));
      if (sent.kind !== 'ok' || last) return sent;
    }
  }

  private async uploadCommand<T>(command: string, headers: Record<string, string>, url: string, read: (r: Response) => T | Promise<T>, body?: Uint8Array): Promise<Outcome<T>> {
    try {
      const response = await this.send(url.startsWith('http') ? url : this.baseUrl + url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.accessToken ?? ''}`, 'X-Goog-Upload-Command': command, ...headers },
        body: body && new Uint8Array(body),
      });
      if (response.status >= 500) return { kind: 'unknown', reason: `${response.status} ${(await response.text()).slice(0, 200)}` };
      if (response.status >= 400) {
        const parsed = parseBody(await response.text());
        return { kind: 'refused', status: response.status, reason: errorMessage(parsed) ?? String(response.status), body: parsed };
      }
      return { kind: 'ok', value: await read(response) };
    } catch (error) {
      return { kind: 'unknown', reason: (error as Error).message };
    }
  }

  batchCreate(items: Array<{ uploadToken: string; fileName: string }>): Promise<Outcome<{ newMediaItemResults: CreateResult[] }>> {
    return this.call('POST', '/v1/mediaItems:batchCreate', { json: { newMediaItems: items.map((i) => ({ simpleMediaItem: { uploadToken: i.uploadToken, fileName: i.fileName } })) } });
  }

  /** Every item of the account (trash included), all pages. */
  async listAll(): Promise<Outcome<SyncItem[]>> {
    const items: SyncItem[] = [];
    let pageToken = '';
    for (let page = 0; page < 10_000; page++) {
      const result = await this.call<{ items: SyncItem[]; nextPageToken?: string }>('GET', `/v1/sync/mediaItems?pageSize=1000${pageToken ? `&pageToken=${pageToken}` : ''}`);
      if (result.kind !== 'ok') return result;
      items.push(...result.value.items);
      if (!result.value.nextPageToken) break;
      pageToken = result.value.nextPageToken;
    }
    return { kind: 'ok', value: items };
  }

  startToken(): Promise<Outcome<{ syncToken: string }>> {
    return this.call('GET', '/v1/sync/startToken');
  }

  changes(syncToken: string): Promise<Outcome<ChangePage>> {
    return this.call('GET', `/v1/sync/changes?syncToken=${encodeURIComponent(syncToken)}&pageSize=500`);
  }

  trash(id: string): Promise<Outcome<SyncItem>> {
    return this.call('POST', `/v1/sync/mediaItems/${id}:trash`);
  }

  restore(id: string): Promise<Outcome<SyncItem>> {
    return this.call('POST', `/v1/sync/mediaItems/${id}:restore`);
  }

  getItem(id: string): Promise<Outcome<SyncItem>> {
    return this.call('GET', `/v1/sync/mediaItems/${id}`);
  }

  addVersion(id: string, uploadToken: string, etag: string): Promise<Outcome<SyncItem>> {
    return this.call('POST', `/v1/sync/mediaItems/${id}/versions`, { json: { uploadToken }, headers: { 'If-Match': etag } });
  }

  async download(baseUrl: string): Promise<Outcome<Uint8Array>> {
    try {
      const response = await this.send(`${baseUrl}=d`, {});
      if (response.status !== 200) return { kind: response.status >= 500 ? 'unknown' : 'refused', status: response.status, reason: await response.text(), body: undefined } as Outcome<Uint8Array>;
      return { kind: 'ok', value: new Uint8Array(await response.arrayBuffer()) };
    } catch (error) {
      return { kind: 'unknown', reason: (error as Error).message };
    }
  }
}

function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) return (error as { message?: string }).message;
  return undefined;
}

