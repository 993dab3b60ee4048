import type { Invariant, Violation } from '../context.ts';
import { cannotSync, eventsAbout } from '../facts.ts';

export const metadata: Invariant = {
  name: 'metadata',
  promise: "A backed-up photo keeps its file name, and sits in the cloud album named after its album on the phone.",
  check(c) {
    const out: Violation[] = [];
    const albumTitles = new Map(c.cloud.albums.map((a) => [a.id, a.title]));
    for (const d of c.devices) {
      for (const item of c.cloud.items.filter((i) => i.state === 'live' && i.createdByClientId === d.clientId)) {
        const locals = d.snapshot.items.filter((i) => i.sha256 === item.sha256);
        const captured = c.ledger.entries.filter((e) => e.actor === d.name && (e.what.kind === 'capture' || e.what.kind === 'edit') && 'item' in e.what && e.what.item.sha256 === item.sha256);
        if (locals.length === 0 || captured.length === 0) continue;
        const names = new Set([...locals.map((l) => l.name), ...captured.map((e) => ('item' in e.what ? e.what.item.name : ''))]);
        if (!names.has(item.filename)) {
          out.push({ invariant: 'metadata', phone: d.name, item: { name: [...names][0] ?? '', sha256: item.sha256 }, expected: `the file name ${[...names].join(' or ')}`, actual: `the cloud calls it ${item.filename}`, events: [] });
        }
        // A two-way gallery carries album moves to the cloud: the photo's album now. A backup-only one backs a photo up
        // into the album it was in then: any album it has had.
        const now = locals.filter((l) => !l.trashed).map((l) => l.album);
        // The same photo (any of its versions) on another two-way phone is stored once: a move there moves this very cloud photo.
        const versions = new Set([item.sha256, ...item.versions.map((v) => v.sha256)]);
        const copiesElsewhere = c.devices.filter((x) => x !== d && x.twoWaySync).flatMap((x) => x.snapshot.items.filter((i) => versions.has(i.sha256) && !i.trashed).map((i) => i.album));
        const moves = c.ledger.of('move').filter((e) => e.actor === d.name && locals.some((l) => l.id === e.what.item.id));
        // A move waits for the phone's link like any other change: a phone that cannot sync may still show an album it had.
        const pending = cannotSync(c, d) ? moves.map((e) => e.what.from) : [];
        const everHad = [...locals.map((l) => l.album), ...captured.map((e) => ('item' in e.what ? e.what.item.album : '')), ...moves.flatMap((e) => [e.what.from, e.what.item.album])];
        // A copy deleted from this device only leaves its cloud copy where it was: in the album it was in then.
        const keptInCloud = c.ledger.of('delete').filter((e) => e.actor === d.name && !e.what.everywhere && e.what.item.sha256 === item.sha256).map((e) => e.what.item.album);
        const albums = new Set([...(d.twoWaySync && now.length ? [...now, ...pending, ...keptInCloud] : everHad), ...copiesElsewhere]);
        const inAlbums = item.albumIds.map((id) => albumTitles.get(id) ?? id);
        // Joining the album is a later step of the same sync: a phone that can no longer sync (revoked mid-backup,
        // offline, stopped) may leave a photo out of its album until it can.
        if (!inAlbums.some((t) => albums.has(t)) && !(item.albumIds.length === 0 && cannotSync(c, d))) {
          out.push({ invariant: 'metadata', phone: d.name, item: { name: item.filename, sha256: item.sha256 }, expected: `in the cloud album ${[...albums].map((a) => `"${a}"`).join(' or ')}, as on the phone`, actual: inAlbums.length ? `in ${inAlbums.map((a) => `"${a}"`).join(', ')}` : 'in no album', events: eventsAbout(c, item.sha256) });
        }
      }
    }
    return out;
  },
};
