import { z } from 'zod';
import { integer, register, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Added delay, in milliseconds. A negative latency (with its jitter) counts as no delay: Go sleeps no time for it. */
  latency: integer(),
  /**
   * Variation, in milliseconds: the delay is latency + a draw from [-jitter, jitter). Drawn once per connection and
   * direction (Toxiproxy draws per chunk), so a replay with the same seed delays the same regardless of how the
   * kernel happened to split the bytes.
   */
  jitter: integer(),
});

/** Delays every chunk by the same amount, keeping order. */
export const latency: ToxicType<z.infer<typeof attributes>> = {
  type: 'latency',
  attributes,
  stage({ latency, jitter }, { rng, note }) {
    const drawn = jitter > 0 ? rng.int(-jitter, jitter - 1) : 0;
    if (jitter > 0) note({ jitter_ms: drawn });
    const delay = Math.max(0, latency + drawn);
    return { data: (chunk, at) => [{ at: at + delay, data: chunk }] };
  },
};

register(latency);
