import type { LedgerEntry } from '../../runner/ledger.ts';
import type { DeviceFacts, Invariant, OracleContext, Violation } from '../context.ts';
import { after, cannotSync, eventsAbout, liveCloudHashes, cloudLinks } from '../facts.ts';

/** Was this content restored (on a phone or in the cloud), or captured again, after `entry`? Then the delete no longer stands. */
function restoredAfter(c: OracleContext, sha256: string, entry: LedgerEntry): boolean {
  return after(c, entry).some((e) => (e.what.kind === 'restore' && e.what.item.sha256 === sha256) || (e.what.kind === 'cloud-restore' && e.what.sha256 === sha256) || (e.what.kind === 'capture' && e.what.item.sha256 === sha256));
}

/** A live cloud photo stands for this photo of the phone: linked to it, or made by the phone's app and linked to none of its other photos. */
function standsFor(c: OracleContext, phone: DeviceFacts, item: { id: number; sha256: string }): boolean {
  const links = cloudLinks(c, phone.name);
  return c.cloud.items.some((i) => i.state === 'live' && i.sha256 === item.sha256 && (links.get(i.id)?.has(item.id) || (i.createdByClientId === phone.clientId && !links.has(i.id))));
}

/** The web had trashed (or purged) this content, and not restored it, when the phone deleted its copy: there was nothing for "device only" to keep. */
function trashedInCloudBefore(c: OracleContext, sha256: string, entry: LedgerEntry): boolean {
  const last = c.ledger.entries.slice(0, c.ledger.entries.indexOf(entry)).filter((x) => (x.what.kind === 'cloud-trash' || x.what.kind === 'cloud-purge' || x.what.kind === 'cloud-restore') && x.what.sha256 === sha256).at(-1);
  return last !== undefined && last.what.kind !== 'cloud-restore';
}

export const deletePropagates: Invariant = {
  name: 'delete-propagates',
  promise:
    '"Delete everywhere" removes the cloud copy; "delete from device only" keeps it; a photo trashed in the cloud leaves two-way phones, and backup-only phones keep theirs.',
  check(c) {
    const out: Violation[] = [];
    const inCloud = liveCloudHashes(c);
    const everCloud = new Set(c.cloud.items.map((i) => i.sha256));
    for (const e of c.ledger.of('delete')) {
      const { item, everywhere } = e.what;
      if (restoredAfter(c, item.sha256, e)) continue;
      const laterEverywhere = after(c, e).some((x) => ((x.what.kind === 'delete' && x.what.everywhere && x.what.item.sha256 === item.sha256) || (x.what.kind === 'cloud-trash' && x.what.sha256 === item.sha256) || (x.what.kind === 'cloud-purge' && x.what.sha256 === item.sha256)));
      const phone = c.devices.find((d) => d.name === e.actor);
      // A phone that cannot reach the cloud (a broken link, offline, stopped) holds its delete until it can.
      // Only the cloud photo this phone's photo stands for: a photo never backed up has none, even when the cloud
      // holds the same bytes as another photo (the web's, or another phone's).
      // Another photo on the phone with the same bytes shares that cloud photo (stored once): it stays for that one.
      const sharedHere = phone?.snapshot.items.some((i) => i.id !== item.id && i.sha256 === item.sha256 && !i.trashed);
      if (everywhere && inCloud.has(item.sha256) && phone && !sharedHere && standsFor(c, phone, item) && !cannotSync(c, phone)) {
        out.push({ invariant: 'delete-propagates', phone: e.actor, item: { name: item.name, sha256: item.sha256 }, expected: 'the cloud copy in the trash (deleted everywhere)', actual: 'the cloud copy is still live', events: eventsAbout(c, item.sha256) });
      }
      // This phone had deleted it everywhere, then restored it: the cloud restore waits while the phone cannot sync.
      const restoreWaits = phone !== undefined && cannotSync(c, phone) && c.ledger.entries.slice(0, c.ledger.entries.indexOf(e)).some((x) => x.actor === e.actor && x.what.kind === 'delete' && x.what.everywhere && x.what.item.sha256 === item.sha256);
      if (!everywhere && !laterEverywhere && !restoreWaits && !trashedInCloudBefore(c, item.sha256, e) && everCloud.has(item.sha256) && !inCloud.has(item.sha256)) {
        out.push({ invariant: 'delete-propagates', phone: e.actor, item: { name: item.name, sha256: item.sha256 }, expected: 'the cloud copy kept (deleted from the device only)', actual: 'the cloud copy was trashed or purged', events: eventsAbout(c, item.sha256) });
      }
    }
    const linksOf = new Map(c.devices.map((d) => [d.name, cloudLinks(c, d.name)]));
    for (const e of c.ledger.of('cloud-trash')) {
      const { sha256, cloudId } = e.what;
      if (restoredAfter(c, sha256, e)) continue;
      for (const d of c.devices) {
        // The phone's photo that stands for the trashed cloud photo: one linked to it, when the phone linked any (an
        // identical photo in an album that never backed up is another photo, and stays).
        const linked = linksOf.get(d.name)?.get(cloudId);
        const local = d.snapshot.items.find((i) => i.sha256 === sha256 && (!linked || linked.has(i.id)));
        const hadIt = c.ledger.entries.slice(0, c.ledger.entries.indexOf(e)).some((x) => x.actor === d.name && 'item' in x.what && x.what.item.sha256 === sha256);
        if (!local || !hadIt || cannotSync(c, d)) continue;
        if (d.twoWaySync && !local.trashed) {
          out.push({ invariant: 'delete-propagates', phone: d.name, item: { name: local.name, sha256 }, expected: `${local.name} in the phone's trash: it was trashed in the cloud and ${d.brand} syncs both ways`, actual: 'it is still in the gallery', events: eventsAbout(c, sha256) });
        }
        if (!d.twoWaySync && local.trashed && !c.ledger.entries.some((x) => x.actor === d.name && x.what.kind === 'delete' && x.what.item.sha256 === sha256)) {
          out.push({ invariant: 'delete-propagates', phone: d.name, item: { name: local.name, sha256 }, expected: `${local.name} kept on the phone: ${d.brand} only backs up`, actual: 'the phone trashed it after the cloud did', events: eventsAbout(c, sha256) });
        }
      }
    }
    return out;
  },
};
