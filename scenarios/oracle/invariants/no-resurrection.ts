import type { Invariant, Violation } from '../context.ts';
import { eventsAbout } from '../facts.ts';

export const noResurrection: Invariant = {
  name: 'no-resurrection',
  promise: 'A photo purged from the cloud (deleted forever, or 60 days in the trash) does not come back unless someone adds it again.',
  check(c) {
    const out: Violation[] = [];
    const purged = c.cloud.items.filter((i) => i.state === 'purged');
    for (const gone of purged) {
      const when = Date.parse(gone.purgedTime ?? '') || 0;
      const back = c.cloud.items.find((i) => i.state === 'live' && i.sha256 === gone.sha256);
      if (!back) continue;
      const addedAgain = c.ledger.entries.some((e) => e.time >= when && ((e.what.kind === 'capture' && e.what.item.sha256 === gone.sha256) || (e.what.kind === 'restore' && e.what.item.sha256 === gone.sha256) || (e.what.kind === 'cloud-add' && e.what.sha256 === gone.sha256)));
      if (addedAgain) continue;
      out.push({ invariant: 'no-resurrection', item: { name: gone.filename, sha256: gone.sha256 }, expected: `${gone.filename} gone for good after its purge`, actual: `it is live again as ${back.id.slice(0, 12)}… with nobody adding it`, events: eventsAbout(c, gone.sha256) });
    }
    return out;
  },
};
