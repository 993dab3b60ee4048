import { z } from 'zod';
import { count, register, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Delay, in milliseconds, between the stream ending and the end reaching the other side. */
  delay: count(),
});

/** Lets data through unchanged but holds the close back. A reset is not held. */
export const slowClose: ToxicType<z.infer<typeof attributes>> = {
  type: 'slow_close',
  attributes,
  stage({ delay }) {
    return {
      data: (chunk, at) => [{ at, data: chunk }],
      end: (kind, at) => [{ at: kind === 'reset' ? at : at + delay, end: kind }],
    };
  },
};

register(slowClose);
