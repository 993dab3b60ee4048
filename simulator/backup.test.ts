import { afterEach, describe, expect, it } from 'vitest';
import type { BugProfile } from './bugs.ts';
import { SimRig, transports } from './rig.ts';
import { shots } from './testing.ts';

let rig: SimRig;
afterEach(() => rig?.close());

describe.each(transports)('backup (%s)', (transport) => {
  async function setup(options: { bugs?: BugProfile[]; quotaBytes?: number; brand?: 'xiaomi' | 'oppo' } = {}) {
    rig = await SimRig.start({ seed: 7, transport });
    const account = await rig.account('qa@example.com', options.quotaBytes ? { quotaBytes: options.quotaBytes } : {});
    const phone = rig.phone('phone-1', options.brand ?? 'oppo', { bugs: options.bugs ?? [] });
    phone.enableBackup(account);
    return { account, phone };
  }

  const live = async () => (await rig.cloudItems('qa@example.com')).filter((i) => i.state === 'live');

  it('backs up new camera photos once each with their bytes, and says "Backup complete"', async () => {
    const { phone } = await setup();
    const photos = await shots(3);
    for (const p of photos) phone.capture(p.name, p.bytes);
    expect(phone.status()).not.toBe('Backup complete');
    expect(await rig.settle()).toBe(true);
    expect(phone.status()).toBe('Backup complete');
    const items = await live();
    expect(items.map((i) => i.filename).sort()).toEqual(photos.map((p) => p.name).sort());
    expect(new Set(items.map((i) => i.sha256)).size).toBe(3);
  });

  it('sends more than 50 new items in batches of at most 50', async () => {
    const { phone } = await setup();
    const photos = await shots(57, { width: 32, height: 24 });
    photos.forEach((p) => phone.capture(p.name, p.bytes));
    await rig.settle();
    expect(await live()).toHaveLength(57);
    const batches = rig.history.events.filter((e) => e.type === 'invoke' && e.op === 'mediaItems.batchCreate').map((e) => (e.value as { files: string[] }).files.length);
    expect(Math.max(...batches)).toBe(50);
  });

  it('after a lost batchCreate answer checks the cloud instead of creating again: no duplicate', async () => {
    const { phone } = await setup();
    await rig.admin('POST', '/__admin/faults', { match: 'POST /v1/mediaItems:batchCreate', commitThenFail: true, times: 1 });
    for (const p of await shots(2)) phone.capture(p.name, p.bytes);
    await rig.settle();
    expect(rig.history.events.some((e) => e.type === 'info' && e.op === 'mediaItems.batchCreate')).toBe(true);
    expect(await live()).toHaveLength(2);
  });

  it('bug duplicate-on-retry: the same lost answer leaves two cloud items for one photo', async () => {
    const { phone } = await setup({ bugs: ['duplicate-on-retry'] });
    await rig.admin('POST', '/__admin/faults', { match: 'POST /v1/mediaItems:batchCreate', commitThenFail: true, times: 1 });
    for (const p of await shots(2)) phone.capture(p.name, p.bytes);
    await rig.settle();
    expect(await live()).toHaveLength(4);
  });

  it('waits for Wi-Fi on mobile data when Wi-Fi only is on, and goes on Wi-Fi', async () => {
    const { phone } = await setup();
    phone.setWifiOnly(true);
    phone.setNetwork('cellular');
    for (const p of await shots(2)) phone.capture(p.name, p.bytes);
    await rig.settle();
    expect(phone.status()).toBe('Waiting for Wi-Fi');
    expect(await live()).toHaveLength(0);
    phone.setNetwork('wifi');
    await rig.settle();
    expect(await live()).toHaveLength(2);
  });

  it('bug wifi-only-ignored: uploads on mobile data anyway', async () => {
    const { phone } = await setup({ bugs: ['wifi-only-ignored'] });
    phone.setWifiOnly(true);
    phone.setNetwork('cellular');
    for (const p of await shots(2)) phone.capture(p.name, p.bytes);
    await rig.settle();
    expect(await live()).toHaveLength(2);
  });

  it('waits while offline and resumes when the network is back', async () => {
    const { phone } = await setup();
    phone.setNetwork('offline');
    for (const p of await shots(2)) phone.capture(p.name, p.bytes);
    await rig.settle();
    expect(phone.status()).toBe('Waiting for network');
    phone.setNetwork('wifi');
    await rig.settle();
    expect(await live()).toHaveLength(2);
  });

  const albumCase = async (bugs: BugProfile[]) => {
    const { phone } = await setup({ bugs });
    phone.chooseAlbums(['Camera', 'Private']);
    phone.hideAlbum('Private');
    const [a, b, c] = await shots(3);
    phone.capture(a!.name, a!.bytes, 'Camera');
    phone.capture(b!.name, b!.bytes, 'WhatsApp Images');
    phone.capture(c!.name, c!.bytes, 'Private');
    await rig.settle();
    return (await live()).map((i) => i.filename).sort();
  };

  it('backs up only chosen albums and never a hidden one', async () => {
    const [a] = await shots(1);
    expect(await albumCase([])).toEqual([a!.name]);
  });

  it('bugs album-selection-ignored and hidden-album-uploaded leak the other albums', async () => {
    const [a, b, c] = await shots(3);
    expect(await albumCase(['album-selection-ignored'])).toEqual([a!.name, b!.name].sort());
    rig.close();
    expect(await albumCase(['hidden-album-uploaded'])).toEqual([a!.name, c!.name].sort());
  });

  const quotaCase = async (bugs: BugProfile[]) => {
    const photos = await shots(3, { width: 160, height: 120 });
    const { phone } = await setup({ bugs, quotaBytes: photos[0]!.bytes.length + photos[1]!.bytes.length + 10 });
    photos.forEach((p) => phone.capture(p.name, p.bytes));
    await rig.settle();
    const whenFull = { status: phone.status(), items: (await live()).length };
    await rig.admin('PATCH', '/__admin/accounts/qa@example.com', { quotaBytes: 10_000_000 });
    await rig.run(20 * 60_000);
    await rig.settle();
    return { whenFull, after: (await live()).length, unsynced: Object.keys(phone.unsynced()).length };
  };

  it('pauses with "Storage full" and resumes once there is room', async () => {
    expect(await quotaCase([])).toEqual({ whenFull: { status: 'Storage full', items: 2 }, after: 3, unsynced: 0 });
  });

  it('bug quota-full-drops-queue: the waiting item is never backed up', async () => {
    const result = await quotaCase(['quota-full-drops-queue']);
    expect(result.after).toBe(2);
    expect(result.unsynced).toBe(1);
  });

  it('skips a file the cloud cannot read, reports it, and does not block the queue', async () => {
    const { phone } = await setup();
    const [a, b] = await shots(2);
    phone.capture('IMG_broken.jpg', new TextEncoder().encode('not a photo at all'));
    phone.capture(a!.name, a!.bytes);
    phone.capture(b!.name, b!.bytes);
    await rig.settle();
    expect(await live()).toHaveLength(2);
    expect(Object.values(phone.unsynced())[0]).toMatch(/IMG_broken\.jpg/);
    expect(phone.status()).toBe('Backup complete');
  });

  const cutCase = async (bugs: BugProfile[]) => {
    const { phone } = await setup({ bugs });
    const [p] = await shots(1, { width: 1200, height: 900 });
    phone.link.addToxic({ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0, after_bytes: Math.floor(p!.bytes.length * 0.6), duration_ms: 10_000 } });
    const row = phone.capture(p!.name, p!.bytes);
    await rig.settle();
    return { row, items: await live() };
  };

  it('a cut mid-upload is resumed later: the cloud gets the whole photo', async () => {
    const { row, items } = await cutCase([]);
    expect(items.map((i) => i.sha256)).toEqual([row.sha256]);
  });

  it('bug partial-upload-committed: the cloud gets a truncated copy', async () => {
    const { row, items } = await cutCase(['partial-upload-committed']);
    expect(items).toHaveLength(1);
    expect(items[0]?.sha256).not.toBe(row.sha256);
  });
});
