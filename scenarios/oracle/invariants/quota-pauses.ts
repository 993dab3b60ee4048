import type { Invariant, Violation } from '../context.ts';

export const quotaPauses: Invariant = {
  name: 'quota-pauses',
  promise: 'When cloud storage is full the backup pauses and says "Storage full"; nothing waiting is dropped, and it resumes when there is room.',
  check(c) {
    const out: Violation[] = [];
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
