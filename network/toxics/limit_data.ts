import { z } from 'zod';
import { integer, register, type Action, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Bytes let through on this connection and direction before the connection is closed (negative: as 0). */
  bytes: integer(),
});

/** Passes the first `bytes` bytes, then closes the connection (as soon as data would exceed the limit). */
export const limitData: ToxicType<z.infer<typeof attributes>> = {
  type: 'limit_data',
  attributes,
  stage({ bytes }) {
    let sent = 0;
    return {
      data(chunk, at) {
        const piece = chunk.subarray(0, Math.max(0, bytes - sent));
        sent += piece.length;
        const out: Action[] = piece.length > 0 ? [{ at, data: piece }] : [];
        if (sent >= bytes) out.push({ at, end: 'close' });
        return out;
      },
    };
  },
};

register(limitData);
