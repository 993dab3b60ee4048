import { describe, expect, it } from 'vitest';
import type { DetachingStage, StartingStage } from './toxic.ts';
import { timeout } from './timeout.ts';
import { show, stageOf } from './testing.ts';

const stageWith = (ms: number) => stageOf(timeout, { timeout: ms }).stage as StartingStage & DetachingStage;

describe('timeout', () => {
  it('drops data and closes timeout ms after attaching', () => {
    const stage = stageWith(300);
    expect(show(stage.start(1000))).toEqual([[1300, 'close']]);
    expect(stage.data(Buffer.alloc(10), 1100)).toEqual([]);
  });

  it('never closes for 0, but still closes when the stream ends or the toxic is removed', () => {
    const stage = stageWith(0);
    expect(stage.start(0)).toEqual([]);
    expect(stage.data(Buffer.alloc(10), 5)).toEqual([]);
    expect(show(stage.end!('eof', 7))).toEqual([[7, 'close']]);
    expect(show(stage.detach(9))).toEqual([[9, 'close']]);
  });

  it('never closes for a negative timeout either, as Toxiproxy (it only arms its timer above 0)', () => {
    expect(stageWith(-300).start(0)).toEqual([]);
  });
});
