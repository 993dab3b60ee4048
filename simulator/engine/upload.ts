import type { SyncItem } from './cloud-api.ts';
import { Retry, type SyncEngine } from './engine.ts';

/** Upload tokens last a day in the cloud; reuse one only while it is comfortably fresh. */
const tokenFreshMs = 20 * 60 * 60 * 1000;

/** The upload token; or storage is full; or the cloud refused the bytes themselves (empty, not media). */
export type UploadResult = { token: string } | { storageFull: true } | { unreadable: string };

/**
 * A resumable upload that survives cuts and kills: the session URL is checkpointed, and after a failure the app
 * asks the session how much arrived and sends only the rest.
 */
export async function uploadBytes(
  engine: SyncEngine,
  job: { sessionUrl?: string; uploadToken?: string; tokenAt?: number; fileName: string },
  bytes: Uint8Array,
  mimeType: string,
): Promise<UploadResult> {
  const now = engine.host.clock.now();
  if (job.uploadToken && job.tokenAt !== undefined && now - job.tokenAt < tokenFreshMs) return { token: job.uploadToken };
  if (!job.sessionUrl) {
    const started = await engine.call('upload.start', { file: job.fileName, bytes: bytes.length }, () => engine.api.startUpload(bytes.length, job.fileName, mimeType));
    if (started.kind === 'refused' && started.status === 429) return { storageFull: true };
    if (started.kind === 'refused' && started.status === 400) return { unreadable: started.reason };
    if (started.kind !== 'ok') throw new Retry();
    job.sessionUrl = started.value;
    engine.save();
  }
  const sessionUrl = job.sessionUrl;
  const status = await engine.call('upload.query', { file: job.fileName }, () => engine.api.queryUpload(sessionUrl));
  if (status.kind === 'refused') {
    job.sessionUrl = undefined; // the session is gone (expired, or another account): start over next time
    throw new Retry();
  }
  if (status.kind !== 'ok') throw new Retry();
  let token = status.value.token;
  if (!token) {
    const sent = await engine.call('upload.send', { file: job.fileName, from: status.value.received }, () => engine.api.sendFrom(sessionUrl, bytes, status.value.received));
    if (sent.kind === 'refused' && sent.status === 429) return { storageFull: true };
    if (sent.kind === 'refused' && sent.status === 400) {
      job.sessionUrl = undefined;
      return { unreadable: sent.reason };
    }
    if (sent.kind !== 'ok') {
      if (engine.bug('partial-upload-committed')) return finalizeWhatArrived(engine, job, sessionUrl, bytes, mimeType);
      throw new Retry();
    }
    token = sent.value;
  }
  Object.assign(job, { uploadToken: token, tokenAt: now, sessionUrl: undefined });
  engine.save();
  return { token };
}

/** The defect: upload what had arrived so far, as if it were the whole file. */
async function finalizeWhatArrived(engine: SyncEngine, job: { sessionUrl?: string; fileName: string }, sessionUrl: string, bytes: Uint8Array, mimeType: string): Promise<UploadResult> {
  const status = await engine.call('upload.query', { file: job.fileName }, () => engine.api.queryUpload(sessionUrl));
  const received = status.kind === 'ok' && status.value.received > 0 ? status.value.received : Math.floor(bytes.length / 2);
  const partial = bytes.subarray(0, received);
  const raw = await engine.call('upload.raw', { file: job.fileName, bytes: partial.length }, () => engine.api.rawUpload(partial, job.fileName, mimeType));
  if (raw.kind !== 'ok') throw new Retry();
  job.sessionUrl = undefined;
  return { token: raw.value };
}

/**
 * After a batchCreate whose answer was lost (a backup's or an edited copy's): the cloud's items by content, to find
 * the phone's own copy before creating it again. A live copy first; else one the user trashed on the web meanwhile,
 * still the phone's own upload and not one to send again (that would undo the user's trash).
 */
export async function copiesInCloud(engine: SyncEngine): Promise<Map<string, SyncItem>> {
  const listed = await engine.call('sync.list', { reason: 'lost batchCreate answer' }, () => engine.api.listAll());
  if (listed.kind !== 'ok') throw new Retry();
  const copies = new Map<string, SyncItem>();
  for (const item of listed.value) {
    const held = copies.get(item.sha256);
    if (!held || (held.trashed && !item.trashed)) copies.set(item.sha256, item);
  }
  return copies;
}
