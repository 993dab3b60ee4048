import { z } from 'zod';
import type { Rng } from '../../runtime/rng.ts';
import { integer, register, type Action, type ToxicType } from './toxic.ts';

const attributes = z.object({
  /** Average size of a slice, in bytes. 0 or less lets chunks through whole (Toxiproxy recurses without end on those). */
  average_size: integer(),
  /** Variation of slice sizes, in bytes, +/-; should be less than average_size. Negative counts as 0, as in Toxiproxy. */
  size_variation: integer(),
  /** Delay after each slice, in microseconds. Negative counts as 0 (Go's timers do not wait for one). */
  delay: integer(),
});

type Settings = z.infer<typeof attributes>;

/** Toxiproxy's split: halve around the middle (moved by a random variation) until slices are small enough. */
function cuts(settings: Settings, rng: Rng, start: number, end: number): number[] {
  const { average_size } = settings;
  const size_variation = Math.max(0, settings.size_variation);
  if (end - start - average_size <= size_variation) return [end];
  let middle = start + Math.floor((end - start) / 2);
  if (size_variation > 0) middle += rng.int(-size_variation, size_variation - 1);
  middle = Math.min(end - 1, Math.max(start + 1, middle));
  return [...cuts(settings, rng, start, middle), ...cuts(settings, rng, middle, end)];
}

/** Slices data into smaller packets with a pause after each, like a slow or fragmenting network. */
export const slicer: ToxicType<Settings> = {
  type: 'slicer',
  attributes,
  stage(settings, { rng }) {
    const pauseMs = Math.max(0, settings.delay) / 1000;
    let busyUntil = -Infinity;
    return {
      data(chunk, at) {
        if (settings.average_size <= 0) return [{ at, data: chunk }];
        const out: Action[] = [];
        let t = Math.max(at, busyUntil);
        let from = 0;
        for (const to of cuts(settings, rng, 0, chunk.length)) {
          out.push({ at: t, data: chunk.subarray(from, to) });
          t += pauseMs;
          from = to;
        }
        busyUntil = t;
        return out;
      },
    };
  },
};

register(slicer);
