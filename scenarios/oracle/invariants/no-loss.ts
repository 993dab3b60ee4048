import type { Invariant, Violation } from '../context.ts';
import { eventsAbout, fitsInCloud, heldBack, notBackedUp, unreadableContents } from '../facts.ts';

export const noLoss: Invariant = {
  name: 'no-loss',
  promise: 'Every photo in a backed-up album ends up in the cloud, unless its bytes are unreadable (the cloud refuses them) and the phone says so.',
  check(c) {
    // The phone's "unsynced" list excuses a missing photo only when the bytes really are unreadable: its words alone do not.
    const unreadable = unreadableContents(c);
    const out: Violation[] = [];
    for (const d of c.devices) {
      const s = d.snapshot;
      // Held back for a reason the oracle can see for itself (quota-pauses, wifi-only, revoke-stops-sync judge those).
      if (heldBack(c, d)) continue;
      const missing = notBackedUp(c, d);
      // What it still tries to send must fit: a file the cloud may refuse counts until the cloud has refused it (the
      // phone cannot know before), one it has given up on does not.
      const givenUp = (i: { id: number; sha256: string }) => s.unsynced[String(i.id)] !== undefined && unreadable.has(i.sha256);
      if (!fitsInCloud(c, missing.filter((i) => !givenUp(i)))) continue;
      for (const item of missing) {
        const reason = s.unsynced[String(item.id)];
        if (reason && unreadable.has(item.sha256)) continue;
        out.push({
          invariant: 'no-loss',
          phone: d.name,
          item: { name: item.name, sha256: item.sha256 },
          expected: `a live cloud copy of ${item.name}, which is in the backed-up album "${item.album}"`,
          actual: reason ? `the phone gave up on it ("${reason}") and the cloud has no copy` : `the cloud has no copy and the phone says "${s.status}"`,
          events: eventsAbout(c, item.sha256),
        });
      }
    }
    return out;
  },
};
