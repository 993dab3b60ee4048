import { describe, expect, it } from 'vitest';
import { limitData } from './limit_data.ts';
import { show, stageOf } from './testing.ts';

describe('limit_data', () => {
  it('passes the first N bytes then closes', () => {
    const { stage } = stageOf(limitData, { bytes: 25 });
    expect(show(stage.data(Buffer.alloc(10), 0))).toEqual([[0, 10]]);
    expect(show(stage.data(Buffer.alloc(20), 1))).toEqual([
      [1, 15],
      [1, 'close'],
    ]);
  });

  it('closes on the first data when the limit is 0', () => {
    expect(show(stageOf(limitData, { bytes: 0 }).stage.data(Buffer.alloc(4), 3))).toEqual([[3, 'close']]);
  });
});
