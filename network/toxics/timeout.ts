import { z } from 'zod';
import { integer, register, type DetachingStage, type StartingStage, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Milliseconds from the toxic attaching until the connection is closed; 0 (or negative, as in Toxiproxy) = never closed. */
  timeout: integer(),
});

/**
 * Drops every byte, then closes the connection after `timeout` ms (or never, for 0). Removing it closes the
 * connections it held, as Toxiproxy's Cleanup does: their data is gone, so they could never make sense again.
 */
export const timeout: ToxicType<z.infer<typeof attributes>> = {
  type: 'timeout',
  attributes,
  stage({ timeout }): StartingStage & DetachingStage {
    return {
      start: (at) => (timeout > 0 ? [{ at: at + timeout, end: 'close' }] : []),
      data: () => [],
      end: (_kind, at) => [{ at, end: 'close' }],
      detach: (at) => [{ at, end: 'close' }],
    };
  },
};

register(timeout);
