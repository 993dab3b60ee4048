import { z } from 'zod';
import { integer, register, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Delay, in milliseconds, between the stream ending and the end reaching the other side. Negative counts as 0. */
  delay: integer(),
});

/**
 * Lets data through unchanged but holds the close back, whatever closes: a reset_peer earlier in the chain only
 * closes its stub, and slow_close.go sleeps on that close like any other before passing it on.
 */
export const slowClose: ToxicType<z.infer<typeof attributes>> = {
  type: 'slow_close',
  attributes,
  stage(settings) {
    const delay = Math.max(0, settings.delay);
    return {
      data: (chunk, at) => [{ at, data: chunk }],
      end: (kind, at) => [{ at: at + delay, end: kind }],
    };
  },
};

register(slowClose);
