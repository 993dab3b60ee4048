import type { LedgerEntry } from '../../runner/ledger.ts';
import type { CloudItem, Invariant, OracleContext, Violation } from '../context.ts';
import { after, cannotSync, cloudLinks, eligibleAt, eventsAbout, fitsInCloud, heldBack, liveCloud, liveCloudHashes, notBackedUp, short } from '../facts.ts';

/** An edit stands unless, after it in the ledger, someone edited on top of it (having seen it) or deleted it. */
function superseded(c: OracleContext, sha256: string, entry: LedgerEntry): boolean {
  return after(c, entry).some(
    (e) => ((e.what.kind === 'edit' || e.what.kind === 'cloud-edit') && e.what.before === sha256) || (e.what.kind === 'delete' && e.what.item.sha256 === sha256) || ((e.what.kind === 'cloud-trash' || e.what.kind === 'cloud-purge') && e.what.sha256 === sha256),
  );
}

/**
 * A phone deleted the photo everywhere without having seen the web's edit (before it, or its own edit of the
 * version before it, made offline): the edited photo is in the cloud trash, restorable for 60 days (and gone once
 * they run out). Both wishes are kept, as when a phone's edit meets a web trash.
 */
function deletedOnPhoneUnseen(c: OracleContext, edit: LedgerEntry & { what: { kind: 'cloud-edit' } }): boolean {
  // In the trash, or purged when its 60 days there ran out (not sooner).
  const heldInTrash = (i: CloudItem) => i.state === 'trashed' || (i.state === 'purged' && i.trashTime !== undefined && i.purgedTime !== undefined && Date.parse(i.purgedTime) - Date.parse(i.trashTime) >= 60 * 86_400_000);
  if (!c.cloud.items.some((i) => i.sha256 === edit.what.sha256 && heldInTrash(i))) return false;
  const versions = new Set([edit.what.before]);
  for (const e of c.ledger.of('edit')) if (versions.has(e.what.before)) versions.add(e.what.item.sha256);
  return c.ledger.of('delete').some((e) => versions.has(e.what.item.sha256));
}

export const editPropagates: Invariant = {
  name: 'edit-propagates',
  promise: 'No edit is silently lost: a phone edit reaches the cloud, a cloud edit reaches two-way phones, and when both edit at once both versions survive.',
  check(c) {
    const out: Violation[] = [];
    const inCloud = liveCloudHashes(c);
    // Each phone's photos linked to a cloud photo (backed up, linked or downloaded), read from its history once.
    const linkedHere = new Map(c.devices.map((d) => [d.name, new Set([...cloudLinks(c, d.name).values()].flatMap((ids) => [...ids]))]));
    for (const e of c.ledger.of('edit')) {
      const { item } = e.what;
      const d = c.devices.find((x) => x.name === e.actor);
      // Held back (it cannot sync, or waits for Wi-Fi on mobile data): an edit uploads bytes, and waits as a backup does.
      if (!d || superseded(c, item.sha256, e) || heldBack(c, d)) continue;
      // A photo that never reached the cloud takes its edit up with its backup: it waits as the backup waits (an
      // album that does not back up, a cloud too full).
      // The cloud may hold the bytes through another copy on this phone (identical bytes are stored once): then only
      // this photo's own backup (or download) says it went up.
      const wentUp = linkedHere.get(d.name)?.has(item.id) ?? false;
      const backedUp = c.cloud.items.some((i) => i.versions.some((v) => v.sha256 === e.what.before)) && wentUp;
      // Its album now, not at the edit: a photo moved since to an album that does not back up is not backed up at all.
      const album = d.snapshot.items.find((i) => i.id === item.id)?.album ?? item.album;
      if (!backedUp && !eligibleAt(c, d, album, Infinity)) continue;
      // A new version needs room in the cloud, as a new photo does: while it does not fit, the edit waits. One that goes
      // up with its backup waits for the backup's queue, in order, to fit.
      if (!fitsInCloud(c, backedUp ? [item] : notBackedUp(c, d))) continue;
      if (!inCloud.has(item.sha256)) {
        out.push({ invariant: 'edit-propagates', phone: d.name, item: { name: item.name, sha256: item.sha256 }, expected: `the edit of ${item.name} (${short(item.sha256)}) in the cloud`, actual: `the cloud still shows the version before (${short(e.what.before)})`, events: eventsAbout(c, [item.sha256, e.what.before], 14) });
        continue;
      }
      // Two-way: the edit is a new version of the same cloud photo, not a second photo beside a still-live original.
      const edited = liveCloud(c).find((i) => i.sha256 === item.sha256);
      const original = liveCloud(c).find((i) => i.sha256 === e.what.before && i !== edited);
      // …unless another photo on the phone still holds the original bytes (a copy stored once): then it is its own photo.
      const copyKept = d.snapshot.items.some((i) => i.id !== item.id && i.sha256 === e.what.before);
      if (d.twoWaySync && edited && original && !copyKept && !edited.versions.some((v) => v.sha256 === e.what.before)) {
        out.push({ invariant: 'edit-propagates', phone: d.name, item: { name: item.name, sha256: item.sha256 }, expected: `the edit of ${item.name} as a new version of its cloud photo ${original.id.slice(0, 12)}…`, actual: `it is a separate cloud photo ${edited.id.slice(0, 12)}…, and the unedited original is still there beside it`, events: eventsAbout(c, [item.sha256, e.what.before], 14) });
      }
    }
    for (const e of c.ledger.of('cloud-edit')) {
      const { sha256 } = e.what;
      if (superseded(c, sha256, e)) continue;
      if (!inCloud.has(sha256) && deletedOnPhoneUnseen(c, e)) continue;
      if (!inCloud.has(sha256)) {
        out.push({ invariant: 'edit-propagates', item: { name: `cloud item ${e.what.cloudId.slice(0, 12)}…`, sha256 }, expected: `the web edit (${short(sha256)}) current in the cloud or kept as its own copy`, actual: 'no live cloud item shows it: it was overwritten', events: eventsAbout(c, sha256) });
        continue;
      }
      for (const d of c.devices) {
        const hadItem = d.snapshot.items.some((i) => i.sha256 === e.what.before) || c.ledger.entries.some((x) => x.actor === d.name && 'item' in x.what && x.what.item.sha256 === e.what.before);
        // A photo the phone's user deleted (and did not restore since) is not one the edit should bring back.
        const mine = c.ledger.entries.filter((x) => x.actor === d.name && (x.what.kind === 'delete' || x.what.kind === 'restore') && x.what.item.sha256 === e.what.before);
        // Its own edit of the same photo still waits to go up (no room, mobile data with Wi-Fi only): the web's edit
        // comes down as its own copy once that edit's push meets the conflict, not before.
        const ownEditWaits = c.ledger.of('edit').some((x) => x.actor === d.name && x.what.before === e.what.before) && heldBack(c, d);
        if (!d.twoWaySync || !hadItem || cannotSync(c, d) || ownEditWaits || mine.at(-1)?.what.kind === 'delete') continue;
        if (!d.snapshot.items.some((i) => i.sha256 === sha256 && !i.trashed)) {
          out.push({ invariant: 'edit-propagates', phone: d.name, item: { name: `cloud item ${e.what.cloudId.slice(0, 12)}…`, sha256 }, expected: `the web edit (${short(sha256)}) on ${d.name}, which syncs both ways`, actual: 'the phone does not have it', events: eventsAbout(c, sha256) });
        }
      }
    }
    return out;
  },
};
