import type { Invariant, OracleContext, Violation } from '../context.ts';
import { cannotSync, eventsAbout, heldBack, liveCloud, stillFaulty } from '../facts.ts';

export const converges: Invariant = {
  name: 'converges',
  promise: 'Once the network heals, sync goes quiet within the bound (a phone whose link is still broken may stay busy), and a two-way phone holds everything the cloud holds.',
  check(c) {
    const out: Violation[] = [];
    // A phone whose link is still broken (a fault that lasts until healed, and no heal since) may well be busy.
    const busy = c.settled ? [] : c.devices.filter((d) => !d.snapshot.idle && !stillFaulty(c, d.name));
    if (busy.length) out.push({ invariant: 'converges', expected: 'every phone idle within the settle bound', actual: `still busy: ${busy.map((d) => `${d.name} "${d.snapshot.status}"`).join(', ')}`, events: [] });
    for (const d of c.devices) {
      if (!d.twoWaySync || cannotSync(c, d)) continue;
      const onPhone = new Set(d.snapshot.items.map((i) => i.sha256));
      const removedHere = new Set(c.ledger.entries.filter((e) => e.actor === d.name && e.what.kind === 'delete').map((e) => ('item' in e.what ? e.what.item.sha256 : '')));
      const editedHere = supersededByEdits(c, d.name, onPhone);
      const editsWait = heldBack(c, d) !== undefined;
      for (const item of liveCloud(c)) {
        // Deleted here (any version of it: the web may have edited it since), the phone rightly does not hold it.
        const deletedHere = [item.sha256, ...item.versions.map((v) => v.sha256)].some((sha) => removedHere.has(sha));
        // The web edited a photo this phone edited too, and the phone's edit still waits to go up (heldBack: no room,
        // Wi-Fi only): the web's version comes down as its own copy when that push meets the conflict, not before.
        const concurrentWaiting = editsWait && item.versions.some((v) => editedHere.has(v.sha256));
        if (onPhone.has(item.sha256) || deletedHere || editedHere.has(item.sha256) || concurrentWaiting) continue;
        out.push({ invariant: 'converges', phone: d.name, item: { name: item.filename, sha256: item.sha256 }, expected: `${item.filename} on ${d.name}: it is in the cloud and ${d.brand} syncs both ways`, actual: 'the phone never got it', events: eventsAbout(c, item.sha256) });
      }
    }
    return out;
  },
};

/** Contents this phone holds an edit of (an edit it has not pushed yet, e.g. while the cloud is full): the phone's newer version stands for them. */
function supersededByEdits(c: OracleContext, phone: string, onPhone: ReadonlySet<string>): Set<string> {
  const before = new Map<string, string>();
  for (const e of c.ledger.of('edit')) if (e.actor === phone) before.set(e.what.item.sha256, e.what.before);
  const out = new Set<string>();
  for (const sha of onPhone) for (let b = before.get(sha); b !== undefined && !out.has(b); b = before.get(b)) out.add(b);
  return out;
}
