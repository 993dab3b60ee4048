import { afterEach, describe, expect, it } from 'vitest';
import type { BugProfile } from './bugs.ts';
import { SimRig, transports, type Transport } from './rig.ts';
import { shots } from './testing.ts';

let rig: SimRig | undefined;
afterEach(() => rig?.close());

describe('app lifecycle', () => {
  it('killing the app mid-upload and restarting it neither loses nor duplicates anything (100 seeds)', async () => {
    const photos = await shots(3);
    const failures: string[] = [];
    let killedMidCall = 0;
    for (let seed = 1; seed <= 100; seed++) {
      rig = new SimRig({ seed });
      const account = await rig.account('qa@example.com');
      const phone = rig.phone('phone-1', seed % 2 ? 'xiaomi' : 'realme');
      phone.link.addToxic({ type: 'latency', attributes: { latency: 300, jitter: 100 } });
      phone.enableBackup(account);
      photos.forEach((p) => phone.capture(p.name, p.bytes));
      const killAt = (seed * 397) % 4000;
      await rig.world.run(killAt);
      const lastCall = rig.history.events.filter((e) => e.process === 'phone-1' && ['invoke', 'ok', 'fail', 'info'].includes(e.type) && e.op !== 'status').at(-1);
      if (lastCall?.type === 'invoke') killedMidCall++;
      phone.killApp();
      await rig.world.run(5_000);
      phone.startApp();
      await rig.settle();
      const live = (await rig.cloudItems('qa@example.com')).filter((i) => i.state === 'live');
      const hashes = live.map((i) => i.sha256).sort();
      const expected = photos.map((p) => phone.mediaStore.list().find((r) => r.displayName === p.name)?.sha256).sort();
      if (JSON.stringify(hashes) !== JSON.stringify(expected)) failures.push(`seed ${seed} (killed at ${killAt} ms): cloud has ${live.length} items`);
      rig.close();
      rig = undefined;
    }
    expect(failures).toEqual([]);
    expect(killedMidCall).toBeGreaterThan(30); // the kills really landed while a cloud call was in flight
  }, 120_000);

  it('a phone restart resumes the backup from the saved queue', async () => {
    rig = new SimRig({ seed: 3 });
    const phone = rig.phone('phone-1', 'oppo');
    phone.enableBackup(await rig.account('qa@example.com'));
    phone.link.addToxic({ type: 'latency', attributes: { latency: 500 } });
    (await shots(4)).forEach((p) => phone.capture(p.name, p.bytes));
    await rig.world.run(1_200);
    phone.restart();
    await rig.settle();
    expect((await rig.cloudItems('qa@example.com')).filter((i) => i.state === 'live')).toHaveLength(4);
    expect(rig.history.events.some((e) => e.op === 'phone.restart')).toBe(true);
  });

  const revokeCase = async (bugs: BugProfile[], transport: Transport = 'in-process') => {
    rig = await SimRig.start({ seed: 4, transport });
    const account = await rig.account('qa@example.com');
    const phone = rig.phone('phone-1', 'xiaomi', { bugs });
    phone.enableBackup(account);
    const [a, b] = await shots(2);
    phone.capture(a!.name, a!.bytes);
    await rig.settle();
    await rig.admin('POST', '/__admin/revoke', { clientId: account.clientId });
    phone.capture(b!.name, b!.bytes);
    await rig.settle();
    return { phone, cloud: await rig.cloudItems('qa@example.com') };
  };

  it.each(transports)('after Google Photos access is revoked it stops, says so, and deletes nothing (%s)', async (transport) => {
    const { phone, cloud } = await revokeCase([], transport);
    expect(phone.status()).toBe('Access revoked');
    expect(phone.mediaStore.list().filter((r) => !r.trashed)).toHaveLength(2);
    expect(cloud.filter((i) => i.state === 'live')).toHaveLength(1);
  });

  it('bug revoke-deletes-local: the backed-up photo disappears from the phone', async () => {
    const { phone } = await revokeCase(['revoke-deletes-local']);
    expect(phone.mediaStore.list()).toHaveLength(1);
  });
});
