import { describe, expect, it } from 'vitest';
import { slowClose } from './slow_close.ts';
import { show, stageOf } from './testing.ts';

describe('slow_close', () => {
  it('passes data at once and holds the close back by delay ms, a reset too (as in Toxiproxy)', () => {
    const { stage } = stageOf(slowClose, { delay: 500 });
    expect(show(stage.data(Buffer.alloc(3), 10))).toEqual([[10, 3]]);
    expect(show(stage.end!('eof', 20))).toEqual([[520, 'eof']]);
    expect(show(stage.end!('close', 20))).toEqual([[520, 'close']]);
    expect(show(stage.end!('reset', 20))).toEqual([[520, 'reset']]);
  });

  it('holds nothing back for a negative delay', () => {
    expect(show(stageOf(slowClose, { delay: -50 }).stage.end!('eof', 20))).toEqual([[20, 'eof']]);
  });
});
