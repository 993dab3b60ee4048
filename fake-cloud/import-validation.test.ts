import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectGoogleError, startTestCloud, testJpeg, type ApiResult, type PhotosClient, type TestCloud } from './test/harness.ts';

/**
 * An import is checked in full before anything is replaced: a damaged export is a 400 and the cloud is exactly as
 * it was (the README's promise). Each case below damages a good export in one way.
 */
let t: TestCloud;
let phone: PhotosClient;
let exportsDir: string;
let itemId: string;

type Row = Record<string, unknown>;
type Export = { format: string; tables: Record<string, Row[]> };
type State = { accounts: Array<{ email: string; mediaItems: Array<{ id: string }> }> };

beforeEach(async () => {
  exportsDir = realpathSync(mkdtempSync(join(tmpdir(), 'cloud-import-')));
  t = await startTestCloud({ exportsDir });
  phone = await t.account('qa@example.com');
  itemId = (await phone.add(await testJpeg(1), 'IMG_1.jpg')).id;
  expect((await t.admin('POST', '/__admin/export', { dir: 'good' })).status).toBe(200);
});
afterEach(async () => {
  await t.close();
  rmSync(exportsDir, { recursive: true, force: true });
});

const meta = (e: Export) => e.tables.meta as Array<{ key: string; value: string }>;
const first = (e: Export, table: string) => e.tables[table]?.[0] as Row;

/** A copy of the good export with its state.json changed by `damage` (and the folder by `alsoFolder`). */
function damaged(name: string, damage: (e: Export) => unknown, alsoFolder?: (dir: string) => void): string {
  const dir = join(exportsDir, name);
  cpSync(join(exportsDir, 'good'), dir, { recursive: true });
  const parsed = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Export;
  writeFileSync(join(dir, 'state.json'), JSON.stringify(damage(parsed) ?? parsed));
  alsoFolder?.(dir);
  return name;
}

const cases: Array<[string, (e: Export) => unknown, ((dir: string) => void)?]> = [
  ['no tables at all ({"tables":{}})', (e) => ({ format: e.format, tables: {} })],
  ['a table missing', (e) => void delete e.tables.accounts],
  ['a table that is not exported', (e) => void (e.tables.upload_chunks = [])],
  ['schema_version 99', (e) => void (meta(e).find((m) => m.key === 'schema_version')!.value = '99')],
  ['no mint_seq', (e) => void (e.tables.meta = meta(e).filter((m) => m.key !== 'mint_seq'))],
  ['mint_seq not a number', (e) => void (meta(e).find((m) => m.key === 'mint_seq')!.value = 'many')],
  ['no secret', (e) => void (e.tables.meta = meta(e).filter((m) => m.key !== 'secret'))],
  ['creation_time "yesterday"', (e) => void (first(e, 'media_items').creation_time = 'yesterday')],
  ['creation_time past the last date JavaScript can show', (e) => void (first(e, 'media_items').creation_time = 1e300)],
  ['a version whose blob is absent', () => undefined, (dir) => rmSync(join(dir, 'blobs'), { recursive: true })],
  ['a pending upload whose blob is absent', (e) => void e.tables.upload_tokens?.push({ ...first(e, 'upload_tokens'), token: 'pending', sha256: 'a'.repeat(64), used_at: null })],
  ['an item whose current version is not there', (e) => void (first(e, 'media_items').version = 7)],
  ['media_json that is not JSON', (e) => void (first(e, 'versions').media_json = '{oops')],
  ['a row with an unknown column', (e) => void (first(e, 'accounts').evil = 1)],
  ['a column name that is SQL', (e) => void (first(e, 'accounts')['email) VALUES (1); --'] = 1)],
  ['a row missing a NOT NULL column', (e) => void delete first(e, 'apps').client_secret],
  ['a NULL where the column is NOT NULL', (e) => void (first(e, 'apps').client_secret = null)],
  ['a row that is not an object', (e) => void (e.tables.albums = [42 as unknown as Row])],
  ['rows that are not a list', (e) => void (e.tables.albums = {} as unknown as Row[])],
  ['two items with one id', (e) => void e.tables.media_items?.push({ ...first(e, 'media_items'), seq: 999 })],
  ['a version of an item that is not there', (e) => void e.tables.versions?.push({ ...first(e, 'versions'), item_id: 'nope' })],
  ['an app of an account that is not there', (e) => void e.tables.apps?.push({ ...first(e, 'apps'), client_id: 'x', refresh_token: 'y', email: 'ghost@example.com' })],
];

describe('import refuses a damaged export and changes nothing', () => {
  it.each(cases)('%s → 400, the cloud as it was', async (label, damage, alsoFolder) => {
    const dir = damaged(label.replace(/\W+/g, '-'), damage, alsoFolder);
    const answer = await t.admin('POST', '/__admin/import', { dir });
    expectGoogleError({ ...answer, headers: new Headers(), text: JSON.stringify(answer.body) } as ApiResult<unknown>, 400, 'INVALID_ARGUMENT');
    const state = await t.admin<State>('GET', '/__admin/state');
    expect(state.body.accounts.map((a) => a.email)).toEqual(['qa@example.com']);
    expect(state.body.accounts[0]?.mediaItems.map((i) => i.id)).toEqual([itemId]);
    // The cloud goes on: its lists answer and it can mint new ids.
    expect((await phone.json('GET', '/v1/mediaItems')).status).toBe(200);
    expect((await t.admin('POST', '/__admin/accounts', { email: 'next@example.com' })).status).toBe(201);
  });

  it('still imports the good export, and the imported cloud goes on', async () => {
    await t.admin('POST', '/__admin/reset');
    expect((await t.admin('POST', '/__admin/import', { dir: 'good' })).status).toBe(200);
    const state = await t.admin<State>('GET', '/__admin/state');
    expect(state.body.accounts[0]?.mediaItems.map((i) => i.id)).toEqual([itemId]);
    expect((await t.admin('POST', '/__admin/accounts', { email: 'next@example.com' })).status).toBe(201);
    const again = await t.account('again@example.com');
    expect((await again.add(await testJpeg(2))).id).not.toBe(itemId);
  });
});
