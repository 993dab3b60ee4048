import { describe, expect, it } from 'vitest';
import { bandwidth } from './bandwidth.ts';
import { show, stageOf } from './testing.ts';

describe('bandwidth', () => {
  it('spaces bytes at the rate (KB/s = bytes per ms), in 100 ms slices, queueing behind earlier data', () => {
    const { stage } = stageOf(bandwidth, { rate: 10 }); // 10 bytes/ms, 1000-byte slices
    expect(show(stage.data(Buffer.alloc(2500), 0))).toEqual([
      [100, 1000],
      [200, 1000],
      [250, 500],
    ]);
    expect(show(stage.data(Buffer.alloc(100), 50))).toEqual([[260, 100]]);
    expect(show(stage.data(Buffer.alloc(100), 1000))).toEqual([[1010, 100]]);
  });

  it('passes nothing at rate 0, as Toxiproxy stalls, nor at a negative rate (which panics Toxiproxy)', () => {
    expect(stageOf(bandwidth, { rate: 0 }).stage.data(Buffer.alloc(10), 0)).toEqual([]);
    expect(stageOf(bandwidth, { rate: -5 }).stage.data(Buffer.alloc(10), 0)).toEqual([]);
  });
});
