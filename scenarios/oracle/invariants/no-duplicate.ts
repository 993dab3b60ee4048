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
    for (const [sha, count] of bySha) {
      if (count > 1) out.push({ invariant: 'no-duplicate', item: { name: live.find((i) => i.sha256 === sha)?.filename ?? sha, sha256: sha }, expected: 'one cloud item for these bytes', actual: `${count} live cloud items hold them`, events: eventsAbout(c, sha) });
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
