import { afterEach, describe, expect, it } from 'vitest';
import { scopes } from '../fake-cloud/index.ts';
import type { BugProfile } from './bugs.ts';
import { CloudApi } from './engine/cloud-api.ts';
import { SimRig, transports } from './rig.ts';
import { shot, shots } from './testing.ts';

let rig: SimRig;
afterEach(() => rig?.close());
const minutes = (n: number) => n * 60_000;

/** The user on photos.google.com (or another phone): an app with the sync scope on the same account. */
async function web(email: string): Promise<CloudApi> {
  const creds = await rig.admin<{ clientId: string; clientSecret: string; refreshToken: string }>('POST', `/__admin/accounts/${email}/apps`, { name: 'photos-web', scopes: [scopes.gallerySync] });
  const api = new CloudApi(rig.fetch, rig.baseUrl, creds, rig.world.clock);
  await api.refreshToken();
  return api;
}

async function webAdd(api: CloudApi, index: number): Promise<{ id: string; sha256: string }> {
  const p = await shot(100 + index);
  const token = await api.rawUpload(p.bytes, `web_${index}.jpg`, 'image/jpeg');
  if (token.kind !== 'ok') throw new Error('web upload failed');
  const created = await api.batchCreate([{ uploadToken: token.value, fileName: `web_${index}.jpg` }]);
  const id = created.kind === 'ok' ? created.value.newMediaItemResults[0]?.mediaItem?.id : undefined;
  const item = await api.getItem(id ?? '');
  if (item.kind !== 'ok') throw new Error('web create failed');
  return { id: item.value.mediaItem.id, sha256: item.value.sha256 };
}

describe.each(transports)('two-way sync and backup-only brands (%s)', (transport) => {
  async function setup(brand: 'xiaomi' | 'oppo', bugs: BugProfile[] = []) {
    rig = await SimRig.start({ seed: 11, transport });
    const account = await rig.account('qa@example.com');
    const phone = rig.phone('phone-1', brand, { bugs });
    phone.enableBackup(account);
    const [p] = await shots(1);
    const row = phone.capture(p!.name, p!.bytes);
    await rig.settle();
    await rig.run(minutes(6)); // one poll: the phone has seen its own item in the feed
    return { phone, row, api: await web('qa@example.com') };
  }

  const cloudItem = async (id: string) => (await rig.cloudItems('qa@example.com')).find((i) => i.id === id);
  const backedUpId = (phone: ReturnType<SimRig['phone']>, localId: number) => phone.engineState().synced[localId]?.cloudId as string;

  it('brings an item added on the web to a two-way phone, not to a backup-only one', async () => {
    for (const brand of ['xiaomi', 'oppo'] as const) {
      const { phone, api } = await setup(brand);
      const added = await webAdd(api, 1);
      await rig.run(minutes(6));
      const local = phone.mediaStore.list().find((r) => r.sha256 === added.sha256);
      if (brand === 'xiaomi') expect(local?.bucket).toBe('Google Photos');
      else expect(local).toBeUndefined();
      rig.close();
    }
  });

  const cloudTrash = async (bugs: BugProfile[]) => {
    const { phone, row, api } = await setup('xiaomi', bugs);
    await api.trash(backedUpId(phone, row.id));
    await rig.run(minutes(6));
    return phone.mediaStore.get(row.id)?.trashed;
  };

  it('moves the local copy to the trash when the cloud copy is trashed', async () => {
    expect(await cloudTrash([])).toBe(true);
  });

  it('bug cloud-delete-not-pulled: the phone keeps showing it', async () => {
    expect(await cloudTrash(['cloud-delete-not-pulled'])).toBe(false);
  });

  const editCase = async (bugs: BugProfile[]) => {
    const { phone, row } = await setup('xiaomi', bugs);
    const edited = phone.edit(row.id, (await shot(50)).bytes);
    await rig.settle();
    return { edited, item: await cloudItem(backedUpId(phone, row.id)) };
  };

  it('pushes a phone edit as a new version; the original stays in the history', async () => {
    const { edited, item } = await editCase([]);
    expect(item?.sha256).toBe(edited.sha256);
    expect(item?.versions).toHaveLength(2);
  });

  it('bug edits-never-uploaded: the cloud keeps the old bytes', async () => {
    const { edited, item } = await editCase(['edits-never-uploaded']);
    expect(item?.sha256).not.toBe(edited.sha256);
  });

  const conflict = async (bugs: BugProfile[]) => {
    const { phone, row, api } = await setup('xiaomi', bugs);
    const id = backedUpId(phone, row.id);
    const current = await api.getItem(id);
    const webBytes = (await shot(60)).bytes;
    const token = await api.rawUpload(webBytes, 'edit.jpg', 'image/jpeg');
    if (current.kind !== 'ok' || token.kind !== 'ok') throw new Error('setup');
    const webEdit = await api.addVersion(id, token.value, current.value.etag);
    if (webEdit.kind !== 'ok') throw new Error('web edit failed');
    const phoneEdit = phone.edit(row.id, (await shot(61)).bytes);
    await rig.settle();
    const live = (await rig.cloudItems('qa@example.com')).filter((i) => i.state === 'live').map((i) => i.sha256);
    return { live, web: webEdit.value.sha256, phone: phoneEdit.sha256, local: phone.mediaStore.list().map((r) => r.sha256) };
  };

  it('concurrent edits keep both: the phone edit becomes its own item, the web edit comes down as a copy', async () => {
    const { live, web: webSha, phone, local } = await conflict([]);
    expect(live).toEqual(expect.arrayContaining([webSha, phone]));
    expect(local).toEqual(expect.arrayContaining([webSha, phone]));
  });

  it('bug concurrent-edit-lost: the web edit is no longer current anywhere', async () => {
    const { live, web: webSha, local } = await conflict(['concurrent-edit-lost']);
    expect(live).not.toContain(webSha);
    expect(local).not.toContain(webSha);
  });

  const deleteCase = async (how: 'everywhere' | 'device', bugs: BugProfile[] = []) => {
    const { phone, row } = await setup('xiaomi', bugs);
    if (how === 'everywhere') phone.deleteEverywhere(row.id);
    else phone.deleteFromDevice(row.id);
    await rig.settle();
    await rig.run(minutes(6));
    return { phone, row, item: await cloudItem(backedUpId(phone, row.id)) };
  };

  it('delete everywhere trashes the cloud copy; restoring on the phone restores it', async () => {
    const { phone, row, item } = await deleteCase('everywhere');
    expect(item?.state).toBe('trashed');
    phone.restore(row.id);
    await rig.settle();
    expect((await cloudItem(item?.id ?? ''))?.state).toBe('live');
  });

  it('delete from device only keeps the cloud copy, and the phone does not bring it back', async () => {
    const { phone, row, item } = await deleteCase('device');
    expect(item?.state).toBe('live');
    expect(phone.mediaStore.get(row.id)?.trashed).toBe(true);
    expect(phone.mediaStore.list().filter((r) => !r.trashed)).toHaveLength(0);
  });

  it('bug device-only-delete-propagates: the cloud copy is trashed too', async () => {
    const { item } = await deleteCase('device', ['device-only-delete-propagates']);
    expect(item?.state).toBe('trashed');
  });

  const expiredToken = async (bugs: BugProfile[]) => {
    const { phone, api } = await setup('xiaomi', bugs);
    phone.killApp();
    const added = await webAdd(api, 2);
    await rig.run(31 * 24 * 60 * 60_000);
    await api.refreshToken();
    await webAdd(api, 3); // a request after the month: the cloud trims its feed
    phone.startApp();
    await rig.settle();
    await rig.run(minutes(6));
    return phone.mediaStore.list().some((r) => r.sha256 === added.sha256);
  };

  it('resyncs fully when its sync token expired, and gets what it missed', async () => {
    expect(await expiredToken([])).toBe(true);
  });

  it('bug sync-token-expiry-ignored: it misses the change', async () => {
    expect(await expiredToken(['sync-token-expiry-ignored'])).toBe(false);
  });

  it('puts backed-up items in the cloud album of their phone album, and a move on a two-way phone moves it there too', async () => {
    const { phone, row } = await setup('xiaomi');
    const albums = async () => {
      const state = await rig.admin<{ accounts: Array<{ albums: Array<{ title: string; mediaItemIds: string[] }> }> }>('GET', '/__admin/state');
      return Object.fromEntries((state.accounts[0]?.albums ?? []).map((a) => [a.title, a.mediaItemIds]));
    };
    const id = backedUpId(phone, row.id);
    expect(await albums()).toEqual({ Camera: [id] });
    phone.moveToAlbum(row.id, 'Trip');
    await rig.settle();
    expect(await albums()).toEqual({ Camera: [], Trip: [id] });
  });

  it("the delete dialog's default keeps the cloud copy (Xiaomi's box is unticked)", async () => {
    const { phone, row } = await setup('xiaomi');
    phone.delete(row.id);
    await rig.settle();
    expect((await cloudItem(backedUpId(phone, row.id)))?.state).toBe('live');
    expect(phone.mediaStore.get(row.id)?.trashed).toBe(true);
  });

  it('keeps the original when the phone edits an item', async () => {
    const { phone, row } = await setup('xiaomi');
    const before = phone.readFile(row.path);
    phone.edit(row.id, (await shot(70)).bytes);
    expect(phone.original(row.id)).toEqual(before);
  });
});
