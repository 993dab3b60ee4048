import type { CloudItem, Invariant, OracleContext, Violation } from '../context.ts';
import { eventsAbout } from '../facts.ts';

/**
 * A phone's own photo with the same bytes that was never backed up as the purged item (taken before the purge, its
 * backup still to come) is a photo of its own: backing it up adds it again, as the user would expect.
 */
function capturedUnlinked(c: OracleContext, gone: CloudItem): boolean {
  const linked = new Set(c.history.filter((e) => e.op === 'backed-up' && (e.value as { cloudId?: string }).cloudId === gone.id).map((e) => `${e.process}/${(e.value as { localId?: number }).localId}`));
  return c.ledger.of('capture').some((e) => e.what.item.sha256 === gone.sha256 && !linked.has(`${e.actor}/${e.what.item.id}`));
}

/**
 * A phone restored the photo from its own trash while its cloud copy sat in the trash, and the web deleted that copy
 * forever before the phone's restore got there: the phone still holds a photo the user wants, so it backs it up again.
 */
function restoredOnPhoneMeanwhile(c: OracleContext, gone: CloudItem): boolean {
  return c.devices.some((d) => {
    const mine = c.ledger.entries.filter((e) => e.actor === d.name && (e.what.kind === 'restore' || e.what.kind === 'delete') && e.what.item.sha256 === gone.sha256);
    const restoreGotThere = c.history.some((h) => h.process === d.name && h.type === 'ok' && h.op === 'sync.restore' && (h.value as { cloudId?: string }).cloudId === gone.id);
    return mine.at(-1)?.what.kind === 'restore' && !restoreGotThere;
  });
}

export const noResurrection: Invariant = {
  name: 'no-resurrection',
  promise: 'A photo purged from the cloud (deleted forever, or 60 days in the trash) does not come back unless someone adds it again.',
  check(c) {
    const out: Violation[] = [];
    const purged = c.cloud.items.filter((i) => i.state === 'purged');
    for (const gone of purged) {
      const back = c.cloud.items.find((i) => i.state === 'live' && i.sha256 === gone.sha256);
      if (!back) continue;
      // What the user did after the purge, in the ledger's order (a web "delete forever" is its own entry; the
      // 60-day purge happens at its time): on virtual time a purge and the capture before it can share a millisecond.
      const when = Date.parse(gone.purgedTime ?? '') || 0;
      const webPurge = c.ledger.entries.findIndex((e) => e.what.kind === 'cloud-purge' && e.what.cloudId === gone.id);
      const after = webPurge >= 0 ? c.ledger.entries.slice(webPurge + 1) : c.ledger.entries.filter((e) => e.time > when);
      const addedAgain = after.some((e) => (e.what.kind === 'capture' && e.what.item.sha256 === gone.sha256) || (e.what.kind === 'restore' && e.what.item.sha256 === gone.sha256) || (e.what.kind === 'cloud-add' && e.what.sha256 === gone.sha256));
      if (addedAgain || capturedUnlinked(c, gone) || restoredOnPhoneMeanwhile(c, gone)) continue;
      out.push({ invariant: 'no-resurrection', item: { name: gone.filename, sha256: gone.sha256 }, expected: `${gone.filename} gone for good after its purge`, actual: `it is live again as ${back.id.slice(0, 12)}… with nobody adding it`, events: eventsAbout(c, gone.sha256) });
    }
    return out;
  },
};
