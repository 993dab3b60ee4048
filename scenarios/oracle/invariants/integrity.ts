import type { Invariant } from '../context.ts';
import { knownContents, liveCloud, short } from '../facts.ts';

const isPrefix = (bytes: Uint8Array, of: Uint8Array): boolean => bytes.length < of.length && Buffer.from(of.subarray(0, bytes.length)).equals(Buffer.from(bytes));

export const integrity: Invariant = {
  name: 'integrity',
  promise: 'Every cloud item holds bytes a phone or the user actually had: nothing truncated, nothing damaged on the way.',
  check(c) {
    const known = knownContents(c);
    return liveCloud(c)
      .filter((item) => !known.has(item.sha256))
      .flatMap((item) => {
        const bytes = c.cloudBytes(item.sha256);
        const whole = bytes && [...known].find((sha) => {
          const local = c.localBytes(sha);
          return local !== undefined && isPrefix(bytes, local);
        });
        const appended = bytes && [...known].some((sha) => {
          const local = c.localBytes(sha);
          return local !== undefined && bytes.length > local.length && Buffer.from(bytes.subarray(0, local.length)).equals(Buffer.from(local));
        });
        if (appended) return []; // an altered second copy: no-duplicate reports it
        return [
          {
            invariant: 'integrity' as const,
            item: { name: item.filename, sha256: item.sha256 },
            expected: `the bytes of ${item.filename} as the phone has them${whole ? ` (${short(whole)}, ${c.localBytes(whole)?.length} bytes)` : ''}`,
            actual: whole ? `the cloud holds only the first ${bytes.length} bytes: a truncated, corrupt photo` : `bytes (${short(item.sha256)}) that match nothing any phone or the user had`,
            events: whole ? [`the cloud item ${item.id.slice(0, 12)}… was created by client ${item.createdByClientId.slice(0, 12)}…`] : [],
          },
        ];
      });
  },
};
