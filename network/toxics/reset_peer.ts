import { z } from 'zod';
import { integer, register, type Action, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Milliseconds between the trip (the first byte past `after_bytes`, or the end of stream) and the reset. Negative counts as 0. */
  timeout: integer(),
  /**
   * Ours, not Toxiproxy's: bytes let through before it trips ("reset mid-upload after 64 KB"). 0, the default,
   * is Toxiproxy's behaviour: the first byte trips it. A real Toxiproxy ignores this attribute.
   */
  after_bytes: integer(),
});

/** Resets the connection (TCP RST on both sides); bytes past the trip point are discarded. */
export const resetPeer: ToxicType<z.infer<typeof attributes>> = {
  type: 'reset_peer',
  attributes,
  stage(settings) {
    const timeout = Math.max(0, settings.timeout);
    const after_bytes = Math.max(0, settings.after_bytes);
    let passed = 0;
    return {
      data(chunk, at) {
        const room = after_bytes - passed;
        if (chunk.length <= room) {
          passed += chunk.length;
          return [{ at, data: chunk }];
        }
        const out: Action[] = room > 0 ? [{ at, data: chunk.subarray(0, room) }] : [];
        passed = after_bytes;
        out.push({ at: at + timeout, end: 'reset' });
        return out;
      },
      end: (_kind, at) => [{ at: at + timeout, end: 'reset' }],
    };
  },
};

register(resetPeer);
