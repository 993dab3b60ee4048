import { describe, expect, it } from 'vitest';
import { slicer } from './slicer.ts';
import { stageOf } from './testing.ts';

const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

describe('slicer', () => {
  it('cuts a chunk into slices near average_size that add up to the same bytes, delay µs apart', () => {
    const { stage } = stageOf(slicer, { average_size: 100, size_variation: 20, delay: 2000 });
    const out = stage.data(data, 10);
    const slices = out.map((a) => ('data' in a ? a.data : Buffer.alloc(0)));
    expect(Buffer.concat(slices).equals(data)).toBe(true);
    expect(slices.length).toBeGreaterThan(5);
    for (const slice of slices) expect(slice.length).toBeLessThanOrEqual(120);
    expect(out.map((a) => a.at)).toEqual(slices.map((_, i) => 10 + 2 * i));
  });

  it('gives the same slices for the same seed', () => {
    const sizes = (seed: number) =>
      stageOf(slicer, { average_size: 50, size_variation: 30 }, seed)
        .stage.data(data, 0)
        .map((a) => ('data' in a ? a.data.length : 0));
    expect(sizes(3)).toEqual(sizes(3));
  });

  it('lets chunks through whole when average_size is 0 or negative', () => {
    expect(stageOf(slicer, {}).stage.data(data, 0)).toHaveLength(1);
    expect(stageOf(slicer, { average_size: -10 }).stage.data(data, 0)).toHaveLength(1);
  });

  it('counts a negative variation or delay as 0', () => {
    const out = stageOf(slicer, { average_size: 100, size_variation: -20, delay: -1000 }).stage.data(data, 7);
    expect(Buffer.concat(out.map((a) => ('data' in a ? a.data : Buffer.alloc(0)))).equals(data)).toBe(true);
    expect(out.every((a) => a.at === 7)).toBe(true);
  });
});
