import type { Invariant, Violation } from '../context.ts';
import { eventsAbout, extendsBytes, knownContents, liveCloud, relatedContent, short } from '../facts.ts';

export const noDuplicate: Invariant = {
  name: 'no-duplicate',
  promise: 'Each photo is in the cloud once: never twice with the same bytes, never again as an altered copy after a retry.',
  check(c) {
    const out: Violation[] = [];
    const live = liveCloud(c);
    const bySha = new Map<string, number>();
    for (const item of live) bySha.set(item.sha256, (bySha.get(item.sha256) ?? 0) + 1);
    // A photo restored from the trash after a copy of the same bytes was backed up as its own photo meanwhile (an upload
    // never joins a photo in the trash): the user brought that item back, so two items hold those bytes rightly.
    const restored = new Set(c.ledger.entries.flatMap((e) => (e.what.kind === 'restore' ? [e.what.item.sha256] : e.what.kind === 'cloud-restore' ? [e.what.sha256] : [])));
    for (const [sha, count] of bySha) {
      if (count > 1 && !restored.has(sha)) out.push({ invariant: 'no-duplicate', item: { name: live.find((i) => i.sha256 === sha)?.filename ?? sha, sha256: sha }, expected: 'one cloud item for these bytes', actual: `${count} live cloud items hold them`, events: eventsAbout(c, sha) });
    }
    const known = knownContents(c);
    for (const item of live) {
      if (known.has(item.sha256)) continue;
      const original = relatedContent(c, c.cloudBytes(item.sha256), extendsBytes);
      if (!original) continue;
      const twin = live.find((i) => i.sha256 === original);
      out.push({
        invariant: 'no-duplicate',
        item: { name: item.filename, sha256: original },
        expected: `one cloud item for ${item.filename} (${short(original)})`,
        actual: `a second cloud item holds the same photo with bytes appended (${short(item.sha256)})${twin ? `, next to the original ${twin.id.slice(0, 12)}…` : ''}`,
        events: eventsAbout(c, original),
      });
    }
    return out;
  },
};
