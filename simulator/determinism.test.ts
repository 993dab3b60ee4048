import { describe, expect, it } from 'vitest';
import { SimRig } from './rig.ts';
import { shot, shots } from './testing.ts';

/**
 * A busy day for two phones on one account: flaky links, lost answers, edits, deletes, a killed app. Everything
 * that happened — the phones' history, each link's fault decisions, the cloud's audit log — is the run's record.
 */
async function busyDay(seed: number): Promise<string> {
  const rig = new SimRig({ seed });
  try {
    const account = await rig.account('qa@example.com');
    const xiaomi = rig.phone('xiaomi-1', 'xiaomi');
    const oppo = rig.phone('oppo-1', 'oppo');
    xiaomi.link.addToxic({ type: 'latency', attributes: { latency: 200, jitter: 150 } });
    xiaomi.link.addToxic({ type: 'reset_peer', stream: 'downstream', toxicity: 0.15, attributes: { timeout: 0 } });
    oppo.link.addToxic({ type: 'limit_data', stream: 'upstream', toxicity: 0.3, attributes: { bytes: 30_000 } });
    oppo.link.addToxic({ type: 'bandwidth', attributes: { rate: 200 } });
    await rig.admin('POST', '/__admin/faults', { match: 'POST /v1/mediaItems:batchCreate', commitThenFail: true, probability: 0.3 });
    xiaomi.enableBackup(account);
    oppo.enableBackup(account);
    const photos = await shots(12);
    photos.forEach((p, i) => (i % 3 === 2 ? oppo : xiaomi).capture(p.name, p.bytes));
    oppo.capture('IMG_shared.jpg', photos[0]!.bytes); // the same bytes on both phones
    await rig.world.run(30_000);
    const first = xiaomi.mediaStore.list()[0]!;
    xiaomi.edit(first.id, (await shot(40)).bytes);
    oppo.deleteEverywhere(oppo.mediaStore.list()[0]!.id);
    xiaomi.killApp();
    await rig.world.run(10_000);
    xiaomi.startApp();
    await rig.settle(60 * 60_000);
    const audit = await rig.admin<{ entries: unknown[] }>('GET', '/__admin/audit?limit=10000');
    return [rig.history.toJsonl(), ...[xiaomi, oppo].map((p) => p.link.events.since(0).map((e) => JSON.stringify(e)).join('\n')), JSON.stringify(audit.entries)].join('\n---\n');
  } finally {
    rig.close();
  }
}

describe('determinism', () => {
  it('the same seed gives a byte-identical record of a busy day; another seed a different one', async () => {
    const a = await busyDay(42);
    const b = await busyDay(42);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toMatch(/"type":"info","op":"(upload|mediaItems|sync)\.[A-Za-z.]+","value":\{[^}]*"reason"/); // outcomes really were lost
    expect(b).toBe(a);
    expect(await busyDay(43)).not.toBe(a);
  }, 60_000);
});
