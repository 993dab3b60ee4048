import type { Invariant, OracleContext, Violation } from '../context.ts';
import { after, appStopped } from '../facts.ts';

const writes = /^(upload\.|mediaItems\.batchCreate|sync\.(trash|restore|addVersion)|albums\.)/;
/** Calls made without the OAuth token: a resumable upload's session URL and a baseUrl download. */
const tokenless = /^(upload\.(query|send)|download)$/;

/** The invoke that the answer at `answer` closes (the same process and call, the latest before it) came after `time`. */
function startedAfter(history: OracleContext['history'], answer: number, time: number): boolean {
  const { process, op } = history[answer]!;
  for (let i = answer - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.process === process && h.op === op && h.type === 'invoke') return h.time > time;
  }
  return history[answer]!.time > time;
}

export const revokeStopsSync: Invariant = {
  name: 'revoke-stops-sync',
  promise: 'After Google Photos access is revoked the gallery stops syncing, says so once it has met the refusal (its next call to Google), and deletes nothing on the phone.',
  check(c) {
    const out: Violation[] = [];
    for (const revoke of c.ledger.of('revoke')) {
      const d = c.devices.find((x) => x.name === revoke.actor);
      if (!d) continue;
      // A call made after the revoke, not one already under way when it came (asked before, answered after).
      const write = c.history.find((h, i) => h.process === d.name && h.type === 'ok' && writes.test(h.op) && startedAfter(c.history, i, revoke.time));
      if (write) out.push({ invariant: 'revoke-stops-sync', phone: d.name, expected: 'no cloud change from the phone after access was revoked', actual: `${write.op} succeeded after the revoke`, events: [] });
      const userDeleted = new Set(c.ledger.entries.filter((e) => e.actor === d.name && e.what.kind === 'delete').map((e) => ('item' in e.what ? e.what.item.id : -1)));
      const before = c.ledger.entries.slice(0, c.ledger.entries.indexOf(revoke));
      const hadThen = before.filter((e) => e.actor === d.name && e.what.kind === 'capture').map((e) => ('item' in e.what ? e.what.item : undefined));
      // Trashed on the web before the revoke: a two-way phone rightly moved it to its own trash then.
      const trashedOnWebThen = new Set<string>();
      for (const e of before) {
        if (e.what.kind === 'cloud-trash' || e.what.kind === 'cloud-purge') trashedOnWebThen.add(e.what.sha256);
        if (e.what.kind === 'cloud-restore') trashedOnWebThen.delete(e.what.sha256);
      }
      // Any version the photo had by then (an edit changes its bytes, and the web trashes the version it sees).
      const versionsThen = (id: number) => before.filter((e) => e.actor === d.name && (e.what.kind === 'capture' || e.what.kind === 'edit') && e.what.item.id === id).map((e) => ('item' in e.what ? e.what.item.sha256 : ''));
      for (const item of hadThen) {
        if (!item || userDeleted.has(item.id) || (d.twoWaySync && versionsThen(item.id).some((sha) => trashedOnWebThen.has(sha)))) continue;
        if (!d.snapshot.items.some((i) => i.id === item.id && !i.trashed)) {
          out.push({ invariant: 'revoke-stops-sync', phone: d.name, item: { name: item.name, sha256: item.sha256 }, expected: `${item.name} still on the phone after the revoke`, actual: 'it is gone from the gallery', events: [] });
        }
      }
      // A gallery learns of a revoke at its next call to Google that gets an answer (a photo to back up, a change to
      // push, the periodic check): it cannot know before — not while its calls do not get through. Once told, it says so.
      // Backup turned on again since is a new sign-in: the phone meets the refusal anew, at its next answered call.
      const from = after(c, revoke).filter((e) => e.actor === d.name && e.what.kind === 'settings' && e.what.backupEnabled === true).at(-1) ?? revoke;
      // Calls that carry no token (an upload session's own URL, a baseUrl download) are answered as before, and so is
      // a call already under way: they tell the phone nothing.
      const calledSince = c.history.find((h, i) => h.process === d.name && h.time > from.time && (h.type === 'ok' || h.type === 'fail') && h.op.includes('.') && !tokenless.test(h.op) && startedAfter(c.history, i, from.time));
      // A gallery the user has since closed (killed, not started again) shows no status line of its own.
      if (calledSince && d.snapshot.settings.backupEnabled && d.snapshot.status !== 'Access revoked' && !appStopped(c, d)) {
        out.push({ invariant: 'revoke-stops-sync', phone: d.name, expected: `the status line to say "Access revoked": the phone's ${calledSince.op} got an answer after the revoke`, actual: `it says "${d.snapshot.status}"`, events: [] });
      }
    }
    return out;
  },
};
