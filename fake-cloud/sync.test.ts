import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../runtime/clock.ts';
import { scopes } from './scopes.ts';
import { expectGoogleError, startTestCloud, testJpeg, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let gallery: PhotosClient;
beforeEach(async () => {
  t = await startTestCloud();
  gallery = await t.account('qa@example.com');
});
afterEach(() => t.close());

interface SyncItem {
  mediaItem: { id: string; filename: string; baseUrl: string };
  etag: string;
  version: number;
  sha256: string;
  trashed: boolean;
  trashTime?: string;
  purgeTime?: string;
}
interface Change {
  kind: string;
  mediaItemId?: string;
  albumId?: string;
  item?: SyncItem;
}
interface ChangePage {
  changes: Change[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

const startToken = async () => (await gallery.json<{ syncToken: string }>('GET', '/v1/sync/startToken')).body.syncToken;

/** Follows a feed to its end; returns the changes and the token to continue from. */
async function drain(client: PhotosClient, token: string, pageSize = 100): Promise<{ changes: Change[]; token: string }> {
  const changes: Change[] = [];
  for (let i = 0; i < 100; i++) {
    const page = await client.json<ChangePage>('GET', `/v1/sync/changes?syncToken=${token}&pageSize=${pageSize}`);
    expect(page.status, page.text).toBe(200);
    changes.push(...page.body.changes);
    if (page.body.nextSyncToken) return { changes, token: page.body.nextSyncToken };
    token = page.body.nextPageToken as string;
  }
  throw new Error('feed did not end');
}

describe('change feed', () => {
  it('reports creations, edits, trash, restore, album changes in order, paged, and nothing twice', async () => {
    const token = await startToken();
    const item = await gallery.add(await testJpeg(1));
    const album = await gallery.json<{ id: string }>('POST', '/v1/albums', { album: { title: 'Camera' } });
    await gallery.json('POST', `/v1/albums/${album.body.id}:batchAddMediaItems`, { mediaItemIds: [item.id] });
    await gallery.json('POST', `/v1/sync/mediaItems/${item.id}:trash`);
    await gallery.json('POST', `/v1/sync/mediaItems/${item.id}:restore`);
    const { changes, token: next } = await drain(gallery, token, 2);
    expect(changes.map((c) => c.kind)).toEqual(['MEDIA_ITEM_CREATED', 'ALBUM_CREATED', 'ALBUM_ITEMS_ADDED', 'MEDIA_ITEM_TRASHED', 'MEDIA_ITEM_RESTORED']);
    expect(changes[0]?.item?.mediaItem.id).toBe(item.id);
    expect((await drain(gallery, next)).changes).toEqual([]);
  });

  it('keeps accounts apart', async () => {
    const token = await startToken();
    const other = await t.account('other@example.com');
    await other.add(await testJpeg(2));
    expect((await drain(gallery, token)).changes).toEqual([]);
  });

  it('tells a client whose token fell out of the retention window to resync fully', async () => {
    const token = await startToken();
    await gallery.add(await testJpeg(3));
    await t.advance(31 * DAY_MS);
    await gallery.refresh();
    await gallery.add(await testJpeg(4)); // the sweep forgets the month-old event
    const stale = await gallery.json('GET', `/v1/sync/changes?syncToken=${token}`);
    expectGoogleError(stale, 410, 'FAILED_PRECONDITION');
    expect(stale.text).toMatch(/full sync/);
    expectGoogleError(await gallery.json('GET', '/v1/sync/changes?syncToken=not-a-token'), 400);
    expectGoogleError(await gallery.json('GET', '/v1/sync/changes'), 400);
  });

  it('is closed to apps without the sync scope', async () => {
    const plain = await t.app('qa@example.com', 'uploader', [scopes.appendOnly, scopes.readAppCreated]);
    expectGoogleError(await plain.json('GET', '/v1/sync/startToken'), 403, 'PERMISSION_DENIED');
  });
});

describe('trash', () => {
  it('restores on day 59; on day 61 the item is gone and the feed says purged', async () => {
    const kept = await gallery.add(await testJpeg(5));
    const lost = await gallery.add(await testJpeg(6));
    const trashed = await gallery.json<SyncItem>('POST', `/v1/sync/mediaItems/${kept.id}:trash`);
    expect(trashed.body).toMatchObject({ trashed: true });
    await gallery.json('POST', `/v1/sync/mediaItems/${lost.id}:trash`);
    const inTrash = await gallery.json<{ items: SyncItem[] }>('GET', '/v1/sync/trash');
    expect(inTrash.body.items.map((i) => i.mediaItem.id).sort()).toEqual([kept.id, lost.id].sort());

    await t.advance(59 * DAY_MS);
    await gallery.refresh();
    const restored = await gallery.json<SyncItem>('POST', `/v1/sync/mediaItems/${kept.id}:restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.trashed).toBe(false);
    const token = await startToken(); // a phone that synced on day 59

    await t.advance(2 * DAY_MS);
    await gallery.refresh();
    expectGoogleError(await gallery.json('GET', `/v1/sync/mediaItems/${lost.id}`), 404);
    expectGoogleError(await gallery.json('POST', `/v1/sync/mediaItems/${lost.id}:restore`), 404);
    expect((await gallery.json<{ id: string }>('GET', `/v1/mediaItems/${kept.id}`)).body.id).toBe(kept.id);
    const { changes } = await drain(gallery, token);
    const purge = changes.find((c) => c.kind === 'MEDIA_ITEM_PURGED');
    expect(purge?.mediaItemId).toBe(lost.id);
    const state = await t.admin<{ accounts: Array<{ mediaItems: Array<{ id: string; state: string }> }> }>('GET', '/__admin/state');
    expect(state.body.accounts[0]?.mediaItems.find((i) => i.id === lost.id)?.state).toBe('purged');
  });

  it('deletes forever at once, and a new upload of the same bytes is a new item', async () => {
    const bytes = await testJpeg(7);
    const item = await gallery.add(bytes);
    await gallery.json('POST', `/v1/sync/mediaItems/${item.id}:trash`);
    expect((await gallery.json('POST', `/v1/sync/mediaItems/${item.id}:delete`)).status).toBe(200);
    const again = await gallery.add(bytes);
    expect(again.id).not.toBe(item.id);
  });

  it('a new upload of bytes that sit in the trash is a new live item; the trashed one stays in the trash', async () => {
    const bytes = await testJpeg(11);
    const item = await gallery.add(bytes);
    await gallery.json('POST', `/v1/sync/mediaItems/${item.id}:trash`);
    const again = await gallery.add(bytes);
    expect(again.id).not.toBe(item.id);
    expect((await gallery.json<SyncItem>('GET', `/v1/sync/mediaItems/${item.id}`)).body.trashed).toBe(true);
    expect((await gallery.json<SyncItem>('GET', `/v1/sync/mediaItems/${again.id}`)).body.trashed).toBe(false);
    // A live item with the same bytes is still found, not doubled.
    expect((await gallery.add(bytes)).id).toBe(again.id);
  });
});

describe('edits', () => {
  it('adds a version with the right etag, refuses a stale etag with 412, and keeps the original', async () => {
    const original = await testJpeg(8);
    const item = await gallery.add(original, 'IMG_1.jpg');
    const before = await gallery.json<SyncItem>('GET', `/v1/sync/mediaItems/${item.id}`);
    const editToken = await gallery.upload(await testJpeg(9));
    const edited = await gallery.json<SyncItem>('POST', `/v1/sync/mediaItems/${item.id}/versions`, { uploadToken: editToken }, { 'If-Match': before.body.etag });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.etag).not.toBe(before.body.etag);

    const lateToken = await gallery.upload(await testJpeg(10));
    const stale = await gallery.json('POST', `/v1/sync/mediaItems/${item.id}/versions`, { uploadToken: lateToken }, { 'If-Match': before.body.etag });
    expectGoogleError(stale, 412, 'FAILED_PRECONDITION');
    expectGoogleError(await gallery.json('POST', `/v1/sync/mediaItems/${item.id}/versions`, { uploadToken: lateToken }), 400, 'FAILED_PRECONDITION');

    const versions = await gallery.json<{ versions: Array<{ version: number; baseUrl: string }> }>('GET', `/v1/sync/mediaItems/${item.id}/versions`);
    expect(versions.body.versions.map((v) => v.version)).toEqual([1, 2]);
    const firstBytes = Buffer.from(await (await fetch(`${versions.body.versions[0]?.baseUrl}=d`)).arrayBuffer());
    expect(firstBytes.equals(original)).toBe(true);

    const reverted = await gallery.json<SyncItem>('POST', `/v1/sync/mediaItems/${item.id}:revert`);
    expect(reverted.body).toMatchObject({ version: 3, sha256: before.body.sha256 });
  });
});

describe('quota', () => {
  it('refuses an upload that does not fit with RESOURCE_EXHAUSTED and stores nothing; frees space on delete', async () => {
    const first = await testJpeg(11, { width: 200, height: 200 });
    const second = await testJpeg(12, { width: 200, height: 200 });
    const small = await t.account('small@example.com', { quotaBytes: first.length + 100 });
    const item = await small.add(first);
    const quota = await small.json<{ usageBytes: string; limitBytes: string }>('GET', '/v1/sync/quota');
    expect(quota.body).toMatchObject({ usageBytes: String(first.length), limitBytes: String(first.length + 100) });
    const blobsBefore = t.cloud.blobs.list().length;

    const refused = await small.raw('POST', '/v1/uploads', { body: second, headers: { 'X-Goog-Upload-Protocol': 'raw' } });
    expectGoogleError(refused, 429, 'RESOURCE_EXHAUSTED');
    expect(refused.text).toMatch(/Storage is full/);
    expect(t.cloud.blobs.list().length).toBe(blobsBefore);
    // Identical bytes take no new space, so they are still accepted (and deduplicated).
    expect((await small.add(first)).id).toBe(item.id);

    await small.json('POST', `/v1/sync/mediaItems/${item.id}:trash`);
    expectGoogleError(await small.raw('POST', '/v1/uploads', { body: second, headers: { 'X-Goog-Upload-Protocol': 'raw' } }), 429); // trash still counts
    await small.json('POST', `/v1/sync/mediaItems/${item.id}:delete`);
    expect((await small.add(second)).id).toBeDefined();
  });

  it('refuses a resumable start whose declared size does not fit', async () => {
    const small = await t.account('tiny@example.com', { quotaBytes: 1000 });
    const start = await small.raw('POST', '/v1/uploads', {
      headers: { 'X-Goog-Upload-Protocol': 'resumable', 'X-Goog-Upload-Command': 'start', 'X-Goog-Upload-Raw-Size': '5000' },
    });
    expectGoogleError(start, 429, 'RESOURCE_EXHAUSTED');
  });
});

describe('full listing', () => {
  it('pages the whole library, trashed items included, each once', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await gallery.add(await testJpeg(100 + i))).id);
    await gallery.json('POST', `/v1/sync/mediaItems/${ids[3]}:trash`);
    const seen: Array<{ id: string; trashed: boolean }> = [];
    let pageToken = '';
    for (let page = 0; page < 10; page++) {
      const result = await gallery.json<{ items: SyncItem[]; nextPageToken?: string }>('GET', `/v1/sync/mediaItems?pageSize=3${pageToken ? `&pageToken=${pageToken}` : ''}`);
      seen.push(...result.body.items.map((i) => ({ id: i.mediaItem.id, trashed: i.trashed })));
      if (!result.body.nextPageToken) break;
      pageToken = result.body.nextPageToken;
    }
    expect(seen.map((s) => s.id)).toEqual(ids);
    expect(seen.filter((s) => s.trashed).map((s) => s.id)).toEqual([ids[3]]);
  });
});

describe('quota raised', () => {
  it('lets a paused backup continue once the account has room again', async () => {
    const first = await testJpeg(200, { width: 150, height: 150 });
    const second = await testJpeg(201, { width: 150, height: 150 });
    const small = await t.account('full@example.com', { quotaBytes: first.length });
    await small.add(first);
    expectGoogleError(await small.raw('POST', '/v1/uploads', { body: second, headers: { 'X-Goog-Upload-Protocol': 'raw' } }), 429);
    const raised = await t.admin<{ quota: { limitBytes: number } }>('PATCH', '/__admin/accounts/full@example.com', { quotaBytes: 10 * first.length });
    expect(raised.body.quota.limitBytes).toBe(10 * first.length);
    expect((await small.add(second)).id).toBeDefined();
    expect((await t.admin('PATCH', '/__admin/accounts/nobody@example.com', { quotaBytes: 1 })).status).toBe(404);
  });
});
