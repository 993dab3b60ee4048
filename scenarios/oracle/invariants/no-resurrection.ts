import type { CloudItem, Invariant, OracleContext, Violation } from '../context.ts';
import type { LedgerEntry } from '../../runner/ledger.ts';
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

/** What the user did that puts `sha256` on a phone or in the cloud (again): a capture, an edit, a restore, a web upload. */
const addsBytes = (e: LedgerEntry, sha256: string): boolean =>
  ((e.what.kind === 'capture' || e.what.kind === 'edit' || e.what.kind === 'restore') && e.what.item.sha256 === sha256) || (e.what.kind === 'cloud-add' && e.what.sha256 === sha256);

/** When the cloud stored an item's first version: its upload, on the cloud's clock. */
const uploadedAt = (i: CloudItem): number => Date.parse(i.versions[0]?.createTime ?? '') || 0;

/**
 * A photo the web trashed, sent again by the phone that backed it up (a lost answer it never looked for, say): the
 * user's trash is undone by a new live item. Not when the user added those bytes again after the trash, nor when the
 * phone held two photos with those bytes (the second is a photo of its own, backed up on its own).
 */
function webTrashUndone(c: OracleContext): Violation[] {
  const out: Violation[] = [];
  c.ledger.entries.forEach((trash, k) => {
    if (trash.what.kind !== 'cloud-trash') return;
    const { cloudId, sha256 } = trash.what;
    const trashed = c.cloud.items.find((i) => i.id === cloudId);
    // Still in the trash (one purged since is the other rule's), and nobody added the bytes again since.
    if (trashed?.state !== 'trashed' || c.ledger.entries.slice(k + 1).some((e) => addsBytes(e, sha256))) return;
    const phone = c.devices.find((d) => d.clientId === trashed.createdByClientId);
    if (!phone || c.ledger.entries.slice(0, k).filter((e) => e.actor === phone.name && addsBytes(e, sha256)).length > 1) return;
    // Both times on the cloud's clock: uploaded after the photo went to the trash.
    const trashedAt = Date.parse(trashed.trashTime ?? '');
    const back = c.cloud.items.find((i) => i.state === 'live' && i.id !== cloudId && i.sha256 === sha256 && i.createdByClientId === phone.clientId && uploadedAt(i) > trashedAt);
    if (!back) return;
    out.push({ invariant: 'no-resurrection', phone: phone.name, item: { name: trashed.filename, sha256 }, expected: `${trashed.filename} stays in the cloud's trash, where the web put it`, actual: `${phone.name} sent it again after the trash: live as ${back.id.slice(0, 12)}… with nobody adding it`, events: eventsAbout(c, sha256) });
  });
  return out;
}

export const noResurrection: Invariant = {
  name: 'no-resurrection',
  promise: 'A photo purged from the cloud (deleted forever, or 60 days in the trash), or trashed on the web, does not come back unless someone adds it again.',
  check(c) {
    const out: Violation[] = webTrashUndone(c);
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
