import type { Invariant, Violation } from '../context.ts';
import { eventsAbout, fitsInCloud, heldBack, notBackedUp, unreadableContents } from '../facts.ts';

export const quotaPauses: Invariant = {
  name: 'quota-pauses',
  promise: 'When cloud storage is full the backup pauses and says "Storage full"; nothing waiting is dropped, and it resumes when there is room.',
  check(c) {
    const out: Violation[] = [];
    // What the phones and the cloud hold: once the cloud has room again, every photo that waited is up.
    if (c.ledger.of('quota').length > 0) {
      const room = c.cloud.quota.limitBytes - c.cloud.quota.usageBytes;
      const unreadable = unreadableContents(c);
      for (const d of c.devices) {
        if (heldBack(c, d)) continue;
        const missing = notBackedUp(c, d);
        const waiting = missing.filter((item) => !unreadable.has(item.sha256));
        // The queue does not fit yet (a backup goes in order): waiting is right. A file the cloud may refuse is in the
        // queue until the cloud has refused it.
        if (!fitsInCloud(c, missing.filter((i) => !(d.snapshot.unsynced[String(i.id)] !== undefined && unreadable.has(i.sha256))))) continue;
        for (const item of waiting) {
          const size = c.localBytes(item.sha256)?.length ?? 0;
          out.push({
            invariant: 'quota-pauses',
            phone: d.name,
            item: { name: item.name, sha256: item.sha256 },
            expected: `${item.name} (${size} bytes) backed up once the cloud had room (${room} bytes free now)`,
            actual: `it never went up; the phone says "${d.snapshot.status}"`,
            events: eventsAbout(c, item.sha256),
          });
        }
      }
    }
    // What the phone says: an item given up because storage was full.
    for (const d of c.devices) {
      for (const [id, reason] of Object.entries(d.snapshot.unsynced)) {
        if (!/storage full/i.test(reason)) continue;
        const item = d.snapshot.items.find((i) => String(i.id) === id);
        out.push({ invariant: 'quota-pauses', phone: d.name, ...(item ? { item: { name: item.name, sha256: item.sha256 } } : {}), expected: `${item?.name ?? id} kept waiting while storage is full`, actual: `the phone dropped it from the backup ("${reason}")`, events: [] });
      }
    }
    return out;
  },
};
