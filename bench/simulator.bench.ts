import { SimRig } from '../simulator/rig.ts';
import { shots } from '../simulator/testing.ts';
import { round, type Benchmark } from './bench.ts';

const hour = 60 * 60_000;

/**
 * How much virtual time the simulator gets through: two phones (Xiaomi two-way, OPPO backup-only) on one account
 * live a busy day — a photo every 20 minutes each, a flaky link, lost answers, edits and deletes, the change-feed
 * poll every 5 minutes — in-process on the virtual clock.
 */
async function busyDay(seed: number, photos: Awaited<ReturnType<typeof shots>>): Promise<number> {
  const rig = new SimRig({ seed });
  try {
    const account = await rig.account('qa@example.com');
    const xiaomi = rig.phone('xiaomi-1', 'xiaomi');
    const oppo = rig.phone('oppo-1', 'oppo');
    for (const phone of [xiaomi, oppo]) {
      phone.link.addToxic({ type: 'latency', attributes: { latency: 120, jitter: 80 } });
      phone.link.addToxic({ type: 'reset_peer', stream: 'downstream', toxicity: 0.05, attributes: { timeout: 0 } });
      phone.enableBackup(account);
    }
    for (let slot = 0; slot < 72; slot++) {
      const photo = photos[slot % photos.length]!;
      const phone = slot % 2 ? oppo : xiaomi;
      const row = phone.capture(`IMG_${slot}_${photo.name}`, photo.bytes.slice(0, photo.bytes.length - (slot % 5)));
      if (slot % 9 === 4) phone.deleteEverywhere(phone.mediaStore.list()[0]!.id);
      if (slot % 11 === 6) phone.deleteFromDevice(row.id);
      await rig.world.run(hour / 3);
    }
    await rig.settle();
    return 2 * 24;
  } finally {
    rig.close();
  }
}

const bench: Benchmark = async () => {
  const photos = await shots(24, { width: 64, height: 48 });
  await busyDay(0, photos); // warm up
  const started = performance.now();
  let phoneHours = 0;
  for (let seed = 1; seed <= 3; seed++) phoneHours += await busyDay(seed, photos);
  const seconds = (performance.now() - started) / 1000;
  return [{ name: 'simulated phone-hours per wall-second (busy day, in-process)', value: round(phoneHours / seconds, 1), unit: 'phone-h/s', note: `3 runs × 2 phones × 24 h in ${round(seconds, 2)} s` }];
};

export default bench;
