import { inOrder } from '../../runtime/history.ts';
import type { LedgerEntry } from '../runner/ledger.ts';
import type { CloudItem, DeviceFacts, OracleContext } from './context.ts';

/** Helpers the invariants share: who had which bytes, which albums were eligible when, how to quote an event. */

export const liveCloud = (c: OracleContext): CloudItem[] => c.cloud.items.filter((i) => i.state === 'live');

export const liveCloudHashes = (c: OracleContext): Set<string> => new Set(liveCloud(c).map((i) => i.sha256));

/** Bytes a live cloud photo holds, as its current version or an earlier one (a web edit keeps what was backed up). */
export const backedUpHashes = (c: OracleContext): Set<string> => new Set(liveCloud(c).flatMap((i) => [i.sha256, ...i.versions.map((v) => v.sha256)]));

/**
 * Why a phone cannot sync at all now, from facts — its settings, its network, its link, what the user did — never
 * from the status line it shows (a phone that says "Waiting for network" online is not waiting for anything).
 */
export function cannotSync(c: OracleContext, d: DeviceFacts): string | undefined {
  const s = d.snapshot.settings;
  if (!s.backupEnabled) return 'backup is off';
  if (revoked(c, d)) return 'its access was revoked';
  if (appStopped(c, d)) return 'the gallery app was stopped and not opened again';
  if (s.network === 'offline') return 'it is offline';
  if (stillFaulty(c, d.name)) return 'its link is still broken (a fault that lasts until healed)';
  return undefined;
}

/**
 * A phone stopped by a full cloud learns that room came back only when it looks again, as the apps do every
 * 15 minutes (the reference engine's storage recheck): until then "Storage full" is still right.
 */
const storageRecheckMs = 15 * 60_000;
const roomCameLately = (c: OracleContext): boolean => c.ledger.of('quota').some((e) => e.time > c.cloud.timeMs - storageRecheckMs);

/** Why a phone rightly holds its photos back: it cannot sync, it waits for Wi-Fi on mobile data, or for its storage recheck. */
export function heldBack(c: OracleContext, d: DeviceFacts): string | undefined {
  const s = d.snapshot.settings;
  return (
    cannotSync(c, d) ??
    (s.wifiOnly && s.network === 'cellular' ? 'it is on mobile data with Wi-Fi only on' : undefined) ??
    (d.snapshot.status === 'Storage full' && roomCameLately(c) ? 'the cloud got room less than a storage recheck ago' : undefined)
  );
}

/** A fault that lasts until healed (no `for:`, no `times:`) was put on this phone's link, and no heal came since. */
export function stillFaulty(c: OracleContext, phone: string): boolean {
  let faulty = false;
  for (const e of c.ledger.entries) if (e.actor === phone && e.what.kind === 'fault') faulty = e.what.healed ? false : faulty || e.what.lasting === true;
  return faulty;
}

/**
 * The photos on a phone that should be in the cloud and are not: in the gallery, in a backed-up album, not held by
 * any live cloud photo (current or earlier version), and not removed in the cloud by the user.
 */
export function notBackedUp(c: OracleContext, d: DeviceFacts): DeviceFacts['snapshot']['items'] {
  const inCloud = backedUpHashes(c);
  const removed = removedInCloud(c);
  // A photo this phone took (or edited into these bytes) after the removal is a new one, to back up again.
  const madeAfter = (item: { id: number; sha256: string }, at: number) => c.ledger.entries.slice(at + 1).some((e) => e.actor === d.name && (e.what.kind === 'capture' || e.what.kind === 'edit') && e.what.item.id === item.id && e.what.item.sha256 === item.sha256);
  const removedByUser = (item: { id: number; sha256: string }) => removed.has(item.sha256) && !madeAfter(item, removed.get(item.sha256) as number);
  return d.snapshot.items.filter((item) => !item.trashed && eligibleAt(c, d, item.album, Infinity) && !inCloud.has(item.sha256) && !removedByUser(item));
}

/** The ledger entries after `entry`, in order (on virtual time, "later" cannot be told by the millisecond). */
/** Which of a phone's photos (local ids) each cloud photo was linked to: backed up as, downloaded from, or adopted as its own copy. */
export function cloudLinks(c: OracleContext, phone: string): Map<string, Set<number>> {
  const links = new Map<string, Set<number>>();
  for (const e of c.history) {
    if (e.process !== phone || (e.op !== 'backed-up' && e.op !== 'pulled.item' && e.op !== 'linked')) continue;
    const { cloudId, localId } = e.value as { cloudId: string; localId: number };
    links.set(cloudId, (links.get(cloudId) ?? new Set()).add(localId));
  }
  return links;
}

export const after = (c: OracleContext, entry: LedgerEntry): LedgerEntry[] => c.ledger.entries.slice(c.ledger.entries.indexOf(entry) + 1);

/** Whether the cloud has room now for all these photos (their bytes as the scenario made them). */
export function fitsInCloud(c: OracleContext, items: ReadonlyArray<{ sha256: string }>): boolean {
  const room = c.cloud.quota.limitBytes - c.cloud.quota.usageBytes;
  return items.reduce((sum, item) => sum + (c.localBytes(item.sha256)?.length ?? 0), 0) <= room;
}

/** The gallery actions (they open the app) and the app's own starts and stops. */
const appEvents = new Set(['kill', 'start', 'restart', 'edit', 'delete', 'restore', 'move', 'settings']);

/** The last word on this phone's app was `kill-app`: a stopped app syncs again once opened (any gallery action) or restarted. */
export function appStopped(c: OracleContext, d: DeviceFacts): boolean {
  const last = c.ledger.entries.filter((e) => e.actor === d.name && appEvents.has(e.what.kind)).at(-1);
  return last?.what.kind === 'kill';
}

/** The user revoked this phone's access during the scenario (revoke-stops-sync judges what happened after). */
export const revoked = (c: OracleContext, d: DeviceFacts): boolean => c.ledger.entries.some((e) => e.actor === d.name && e.what.kind === 'revoke');

/** Contents the scenario damaged on purpose: no cloud can take them, so the phone may rightly give up on them. */
export const unreadableContents = (c: OracleContext): Set<string> => new Set(c.ledger.of('capture').filter((e) => e.what.unreadable).map((e) => e.what.item.sha256));

const versionsOf = (c: OracleContext, what: { cloudId: string; sha256: string }): string[] => [what.sha256, ...(c.cloud.items.find((i) => i.id === what.cloudId)?.versions.map((v) => v.sha256) ?? [])];

/** Contents the user removed in the cloud (trashed or deleted forever, and not restored since), with the ledger index of that removal. */
export function removedInCloud(c: OracleContext): Map<string, number> {
  // Per content, who removed it and when: a phone's restore undoes its own delete, not the web's trash beneath it.
  const removals = new Map<string, Array<{ at: number; by: string }>>();
  const add = (sha: string, at: number, by: string) => removals.set(sha, [...(removals.get(sha) ?? []), { at, by }]);
  const lastDelete = new Map<string, { at: number; everywhere: boolean }>();
  c.ledger.entries.forEach((e, at) => {
    if (e.what.kind === 'delete') lastDelete.set(`${e.actor}/${e.what.item.id}`, { at, everywhere: e.what.everywhere });
    // The web's trash or delete forever takes the photo with every version it had (the bytes a phone backed up too).
    if (e.what.kind === 'cloud-trash' || e.what.kind === 'cloud-purge') for (const sha of versionsOf(c, e.what)) add(sha, at, 'web');
    if (e.what.kind === 'cloud-restore') for (const sha of versionsOf(c, e.what)) removals.delete(sha);
    // A delete everywhere on one phone trashes the one cloud photo every copy of those bytes shares (stored once);
    // restored on that phone, it is restored in the cloud too. So is one a two-way phone had put in its trash because
    // the web trashed it. A restore after a delete from the device only restores nothing in the cloud.
    if (e.what.kind === 'delete' && e.what.everywhere) add(e.what.item.sha256, at, e.actor);
    if (e.what.kind === 'restore') {
      const sha = e.what.item.sha256;
      const deleted = lastDelete.get(`${e.actor}/${e.what.item.id}`);
      const twoWay = c.devices.find((d) => d.name === e.actor)?.twoWaySync ?? false;
      const left = (removals.get(sha) ?? []).filter((r) => !(r.by === e.actor && deleted?.everywhere) && !(twoWay && r.by === 'web' && (deleted === undefined || deleted.at < r.at)));
      if (left.length) removals.set(sha, left);
      else removals.delete(sha);
    }
  });
  return new Map([...removals].map(([sha, list]) => [sha, Math.max(...list.map((r) => r.at))]));
}

/** Every content a phone ever held: captured, edited, or brought down from the cloud. */
export function phoneContents(c: OracleContext, phone: string): Set<string> {
  const set = new Set<string>();
  for (const e of c.ledger.entries) {
    if (e.actor !== phone) continue;
    if (e.what.kind === 'capture' || e.what.kind === 'edit') set.add(e.what.item.sha256);
  }
  for (const e of c.history) {
    if (e.process !== phone || e.type !== 'info') continue;
    const value = e.value as { sha256?: string } | undefined;
    if ((e.op === 'pulled.item' || e.op === 'conflict.kept-both') && value?.sha256) set.add(value.sha256);
  }
  for (const item of c.devices.find((d) => d.name === phone)?.snapshot.items ?? []) set.add(item.sha256);
  return set;
}

/** Every content anyone legitimately made: the phones' and the web user's. */
export function knownContents(c: OracleContext): Set<string> {
  const set = new Set<string>();
  for (const d of c.devices) for (const s of phoneContents(c, d.name)) set.add(s);
  for (const e of c.ledger.entries) if (e.what.kind === 'cloud-add' || e.what.kind === 'cloud-edit') set.add(e.what.sha256);
  return set;
}

/**
 * Was this album chosen and not hidden on the phone at some point from `entry` on, in the ledger's order (on
 * virtual time a capture, a settings change and the upload between them can share a millisecond)?
 */
export function albumEligibleFrom(c: OracleContext, device: DeviceFacts, album: string, entry: LedgerEntry): boolean {
  let chosen = new Set(device.defaultAlbums);
  let hidden = new Set<string>();
  const at = c.ledger.entries.indexOf(entry);
  for (const [i, e] of c.ledger.entries.entries()) {
    if (i >= at && chosen.has(album) && !hidden.has(album)) return true;
    if (e.actor !== device.name || e.what.kind !== 'settings') continue;
    if (e.what.backupAlbums) chosen = new Set(e.what.backupAlbums);
    if (e.what.hiddenAlbums) hidden = new Set(e.what.hiddenAlbums);
  }
  return chosen.has(album) && !hidden.has(album);
}

export function eligibleAt(c: OracleContext, device: DeviceFacts, album: string, time: number): boolean {
  let chosen = new Set(device.defaultAlbums);
  let hidden = new Set<string>();
  for (const e of c.ledger.entries) {
    if (e.time > time) break;
    if (e.actor !== device.name || e.what.kind !== 'settings') continue;
    if (e.what.backupAlbums) chosen = new Set(e.what.backupAlbums);
    if (e.what.hiddenAlbums) hidden = new Set(e.what.hiddenAlbums);
  }
  return chosen.has(album) && !hidden.has(album);
}

/** A ledger entry as a line for a report: "+12.3s phone: capture IMG_1.jpg (ab12cd34) in Camera". */
export function quote(entry: LedgerEntry, start: number): string {
  const t = `+${((entry.time - start) / 1000).toFixed(1)}s`;
  const w = entry.what;
  const detail =
    'item' in w
      ? `${w.item.name} (${w.item.sha256.slice(0, 8)})${w.kind === 'capture' ? ` in ${w.item.album}` : ''}${w.kind === 'delete' ? (w.everywhere ? ' everywhere' : ' from the device only') : ''}`
      : 'cloudId' in w
        ? `${w.cloudId.slice(0, 12)}… (${w.sha256.slice(0, 8)})`
        : JSON.stringify(Object.fromEntries(Object.entries(w).filter(([k]) => k !== 'kind')));
  return `${t} ${entry.actor}: ${w.kind} ${detail}`;
}

export const startOf = (c: OracleContext): number => c.ledger.entries[0]?.time ?? 0;

/**
 * The ledger lines and phone events that mention a content (by hash or by the file names it had), oldest first.
 * Several hashes: the versions of one photo (an edit and the version it replaced), so that what happened to
 * either — a web trash of the original, say — is part of the story.
 */
export function eventsAbout(c: OracleContext, sha256: string | readonly string[], limit = 10): string[] {
  const start = startOf(c);
  const hashes = new Set(typeof sha256 === 'string' ? [sha256] : sha256);
  const about = (e: LedgerEntry) => ('item' in e.what && (hashes.has(e.what.item.sha256) || ('before' in e.what && hashes.has(e.what.before)))) || ('sha256' in e.what && hashes.has(e.what.sha256));
  const mine = c.ledger.entries.filter(about);
  const names = new Set(mine.flatMap((e) => ('item' in e.what ? [e.what.item.name] : [])));
  const mentions = (value: unknown) => {
    const text = JSON.stringify(value ?? '');
    return [...hashes].some((h) => text.includes(h)) || [...names].some((n) => text.includes(JSON.stringify(n)));
  };
  const lines = [
    ...mine.map((e) => ({ time: e.time, seq: e.seq, line: quote(e, start) })),
    ...c.history
      .filter((e) => e.op !== 'capture' && e.op !== 'edit' && e.op !== 'status' && e.type !== 'invoke' && mentions(e.value))
      .map((e) => ({ time: e.time, seq: e.seq, line: `+${((e.time - start) / 1000).toFixed(1)}s ${e.process}: ${e.op} ${e.type === 'info' && /^(upload|mediaItems|sync)/.test(e.op) ? '— outcome unknown (the answer was lost)' : e.type === 'fail' ? '— refused' : ''}`.trimEnd() })),
  ];
  return lines
    .sort(inOrder)
    .map((l) => l.line)
    .slice(0, limit);
}

export const short = (sha: string): string => sha.slice(0, 8);

/** `bytes` is `original` with something appended: a re-stamped copy of the same photo. */
export const extendsBytes = (bytes: Uint8Array, original: Uint8Array): boolean => bytes.length > original.length && Buffer.from(bytes.subarray(0, original.length)).equals(Buffer.from(original));

/** `bytes` is the start of `whole`: a truncated copy. */
export const truncates = (bytes: Uint8Array, whole: Uint8Array): boolean => bytes.length < whole.length && Buffer.from(whole.subarray(0, bytes.length)).equals(Buffer.from(bytes));

/** The known content whose bytes relate to `bytes` as `relation` says, if any. */
export function relatedContent(c: OracleContext, bytes: Uint8Array | undefined, relation: (bytes: Uint8Array, known: Uint8Array) => boolean): string | undefined {
  if (!bytes) return undefined;
  return [...knownContents(c)].find((sha) => {
    const local = c.localBytes(sha);
    return local !== undefined && relation(bytes, local);
  });
}
