import type { Invariant } from '../context.ts';
import { extendsBytes, knownContents, liveCloud, relatedContent, short, truncates } from '../facts.ts';

export const integrity: Invariant = {
  name: 'integrity',
  promise: 'Every cloud item holds bytes a phone or the user actually had: nothing truncated, nothing damaged on the way.',
  check(c) {
    const known = knownContents(c);
    return liveCloud(c)
      .filter((item) => !known.has(item.sha256))
      .flatMap((item) => {
        const bytes = c.cloudBytes(item.sha256);
        if (relatedContent(c, bytes, extendsBytes)) return []; // an altered second copy: no-duplicate reports it
        const whole = relatedContent(c, bytes, truncates);
        return [
          {
            invariant: 'integrity' as const,
            item: { name: item.filename, sha256: item.sha256 },
            expected: `the bytes of ${item.filename} as the phone has them${whole ? ` (${short(whole)}, ${c.localBytes(whole)?.length} bytes)` : ''}`,
            actual: whole ? `the cloud holds only the first ${bytes?.length} bytes: a truncated, corrupt photo` : `bytes (${short(item.sha256)}) that match nothing any phone or the user had`,
            events: whole ? [`the cloud item ${item.id.slice(0, 12)}… was created by client ${item.createdByClientId.slice(0, 12)}…`] : [],
          },
        ];
      });
  },
};
