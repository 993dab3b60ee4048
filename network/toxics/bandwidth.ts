import { z } from 'zod';
import { integer, register, type Action, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Rate in KB/s (1 KB = 1000 bytes). 0 stalls the stream, as it does in Toxiproxy; so does a negative rate (Toxiproxy's goroutine panics on one). */
  rate: integer(),
});

/** Slice size: like Toxiproxy, a big chunk leaves in 100 ms worth of bytes at a time. */
const SLICE_MS = 100;

/** Passes data through at a limited rate. */
export const bandwidth: ToxicType<z.infer<typeof attributes>> = {
  type: 'bandwidth',
  attributes,
  stage({ rate }) {
    let busyUntil = -Infinity;
    return {
      data(chunk, at) {
        if (rate <= 0) return [];
        const sliceBytes = rate * SLICE_MS;
        const out: Action[] = [];
        let t = Math.max(at, busyUntil);
        for (let offset = 0; offset < chunk.length; offset += sliceBytes) {
          const slice = chunk.subarray(offset, offset + sliceBytes);
          t += slice.length / rate; // bytes ÷ (bytes per ms)
          out.push({ at: t, data: slice });
        }
        busyUntil = t;
        return out;
      },
    };
  },
};

register(bandwidth);
