import { invalidArgument } from '../errors.ts';
import { acceptUpload, chunkGranularity, querySession, startResumable, uploadChunk, type SessionStatus } from '../model/uploads.ts';
import { scopes } from '../scopes.ts';
import { apiRoute, type AuthedContext, type Route } from './route.ts';

const uploadScopes = [scopes.appendOnly, scopes.gallerySync];

/** `POST /v1/uploads`: the raw protocol, and the resumable one (start → upload… → upload, finalize; query). */
export const uploadRoutes: Route[] = [apiRoute('uploads', 'POST', '*/v1/uploads', uploadScopes, upload)];

async function upload(c: AuthedContext): Promise<Response> {
  const headers = c.request.headers;
  const uploadId = c.url.searchParams.get('upload_id');
  const protocol = (headers.get('x-goog-upload-protocol') ?? (uploadId ? 'resumable' : 'raw')).toLowerCase();
  const meta = { mimeType: headers.get('x-goog-upload-content-type') ?? undefined, fileName: fileNameOf(headers.get('x-goog-upload-file-name')) };
  if (protocol === 'raw') {
    const bytes = new Uint8Array(await c.request.arrayBuffer());
    const token = c.cloud.transaction(() => acceptUpload(c.cloud, c.caller, bytes, meta));
    return new Response(token, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (protocol !== 'resumable') throw invalidArgument(`Unknown X-Goog-Upload-Protocol "${protocol}": use "raw" or "resumable".`);

  const command = (headers.get('x-goog-upload-command') ?? '').toLowerCase().replace(/\s+/g, '');
  if (command === 'start') {
    const rawSize = optionalSize(headers.get('x-goog-upload-raw-size'));
    const id = c.cloud.transaction(() => startResumable(c.cloud, c.caller, rawSize, meta));
    return new Response(null, {
      headers: {
        'X-Goog-Upload-Status': 'active',
        'X-Goog-Upload-URL': `${c.cloud.publicUrl}/v1/uploads?upload_id=${id}&upload_protocol=resumable`,
        'X-Goog-Upload-Chunk-Granularity': String(chunkGranularity),
      },
    });
  }
  if (!uploadId) throw invalidArgument('Missing upload_id: send chunks to the X-Goog-Upload-URL that "start" returned.');
  if (command === 'query') return sessionResponse(querySession(c.cloud, c.caller, uploadId));
  const finalize = command === 'upload,finalize' || command === 'finalize';
  if (!finalize && command !== 'upload') {
    throw invalidArgument(`Unknown X-Goog-Upload-Command "${headers.get('x-goog-upload-command') ?? ''}": use start, upload, "upload, finalize" or query.`);
  }
  const offset = optionalSize(headers.get('x-goog-upload-offset'));
  if (offset === undefined) throw invalidArgument('Missing X-Goog-Upload-Offset.');
  const bytes = new Uint8Array(await c.request.arrayBuffer());
  return sessionResponse(c.cloud.transaction(() => uploadChunk(c.cloud, c.caller, uploadId, offset, bytes, finalize)));
}

function sessionResponse(status: SessionStatus): Response {
  return new Response(status.uploadToken ?? null, {
    headers: {
      'X-Goog-Upload-Status': status.status,
      'X-Goog-Upload-Size-Received': String(status.received),
      ...(status.uploadToken ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}),
    },
  });
}

function optionalSize(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (!/^\d{1,15}$/.test(value.trim()) || !Number.isSafeInteger(n)) throw invalidArgument(`Invalid size header value "${value}".`);
  return n;
}

/** File names arrive as header values; clients may percent-encode non-ASCII names. */
/**
 * The upload's file name. Clients send it percent-encoded (Google's samples) or as raw UTF-8 bytes (Go and Python
 * clients); HTTP hands header bytes over as Latin-1, so bytes above 0x7F are read again as UTF-8. Google accepts
 * any of these; `simpleMediaItem.fileName` in batchCreate, which is Unicode JSON, wins where both are given.
 */
function fileNameOf(value: string | null): string | undefined {
  if (!value) return undefined;
  const text = /[\x80-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
