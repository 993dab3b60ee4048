import type { Invariant, Violation } from '../context.ts';
import { albumEligibleFrom, eventsAbout } from '../facts.ts';

export const albumPrivacy: Invariant = {
  name: 'album-privacy',
  promise: 'Only chosen albums back up; hidden and private albums never leave the phone, not even for a moment.',
  check(c) {
    const out: Violation[] = [];
    for (const d of c.devices) {
      // Every cloud item this phone's app created — live, trashed or purged: a leak that was later deleted is still a leak.
      const uploaded = new Set(c.cloud.items.filter((i) => i.createdByClientId === d.clientId).flatMap((i) => i.versions.map((v) => v.sha256)));
      for (const e of c.ledger.of('capture')) {
        if (e.actor !== d.name || !uploaded.has(e.what.item.sha256)) continue;
        const albums = [e.what.item.album, ...c.ledger.of('move').filter((m) => m.actor === d.name && m.what.item.id === e.what.item.id).map((m) => m.what.item.album)];
        const sameBytesElsewhere = c.ledger.of('capture').some((x) => x !== e && x.what.item.sha256 === e.what.item.sha256);
        if (sameBytesElsewhere || albums.some((a) => albumEligibleFrom(c, d, a, e))) continue;
        out.push({
          invariant: 'album-privacy',
          phone: d.name,
          item: { name: e.what.item.name, sha256: e.what.item.sha256 },
          expected: `${e.what.item.name} to stay on the phone: album "${e.what.item.album}" was never chosen for backup, or is hidden`,
          actual: 'the phone uploaded it to the cloud',
          events: eventsAbout(c, e.what.item.sha256),
        });
      }
    }
    return out;
  },
};
