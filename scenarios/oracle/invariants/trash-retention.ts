import type { Invariant, Violation } from '../context.ts';

const retentionMs = 60 * 86_400_000;

export const trashRetention: Invariant = {
  name: 'trash-retention',
  promise: 'A trashed item stays restorable for 60 days, then is purged — not sooner, not later.',
  check(c) {
    const out: Violation[] = [];
    for (const item of c.cloud.items) {
      const trashed = Date.parse(item.trashTime ?? '');
      if (item.state === 'trashed' && c.cloud.timeMs - trashed > retentionMs) {
        out.push({ invariant: 'trash-retention', item: { name: item.filename, sha256: item.sha256 }, expected: 'purged 60 days after it was trashed', actual: `still in the trash ${Math.floor((c.cloud.timeMs - trashed) / 86_400_000)} days later`, events: [] });
      }
      if (item.state === 'purged' && item.trashTime) {
        const purged = Date.parse(item.purgedTime ?? '');
        const deletedForever = c.ledger.entries.some((e) => e.what.kind === 'cloud-purge' && e.what.cloudId === item.id);
        if (!deletedForever && purged - trashed < retentionMs) {
          out.push({ invariant: 'trash-retention', item: { name: item.filename, sha256: item.sha256 }, expected: 'restorable for 60 days', actual: `purged after ${((purged - trashed) / 86_400_000).toFixed(1)} days`, events: [] });
        }
      }
    }
    return out;
  },
};
