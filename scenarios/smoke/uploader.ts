/**
 * A plain Library API backup client, the way a careful app would write one: raw upload, then batchCreate, and on
 * any network error or 5xx start that file again. Retrying is safe only because the cloud deduplicates identical
 * bytes — which is exactly what the smoke checks prove under faults.
 */
export interface BackupFile {
  name: string;
  bytes: Uint8Array;
}

export interface BackupOutcome {
  created: number;
  refused: number;
  failed: number;
  attempts: number;
}

export interface BackupClient {
  baseUrl: string;
  accessToken: string;
}

const attemptTimeoutMs = 10_000;

export async function backupAll(client: BackupClient, files: readonly BackupFile[], maxAttempts: number): Promise<BackupOutcome> {
  const outcome: BackupOutcome = { created: 0, refused: 0, failed: 0, attempts: 0 };
  for (const file of files) {
    let result: 'created' | 'refused' | 'failed' = 'failed';
    for (let attempt = 0; attempt < maxAttempts && result === 'failed'; attempt++) {
      outcome.attempts++;
      result = await backupOne(client, file).catch(() => 'failed' as const);
    }
    outcome[result]++;
  }
  return outcome;
}

async function backupOne(client: BackupClient, file: BackupFile): Promise<'created' | 'refused' | 'failed'> {
  const auth = { Authorization: `Bearer ${client.accessToken}` };
  const upload = await fetch(`${client.baseUrl}/v1/uploads`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/octet-stream', 'X-Goog-Upload-Protocol': 'raw', 'X-Goog-Upload-File-Name': encodeURIComponent(file.name) },
    body: new Uint8Array(file.bytes),
    signal: AbortSignal.timeout(attemptTimeoutMs),
  });
  const token = await upload.text();
  if (upload.status !== 200) return 'failed';
  const created = await fetch(`${client.baseUrl}/v1/mediaItems:batchCreate`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ newMediaItems: [{ simpleMediaItem: { uploadToken: token, fileName: file.name } }] }),
    signal: AbortSignal.timeout(attemptTimeoutMs),
  });
  if (created.status !== 200) return 'failed';
  const result = ((await created.json()) as { newMediaItemResults: Array<{ status: { code?: number }; mediaItem?: unknown }> }).newMediaItemResults[0];
  return result?.mediaItem ? 'created' : 'refused';
}
