import { describe, expect, it } from 'vitest';
import { resetPeer } from './reset_peer.ts';
import { show, stageOf } from './testing.ts';

describe('reset_peer', () => {
  it('trips on the first byte by default and resets timeout ms later, dropping the data', () => {
    const { stage } = stageOf(resetPeer, { timeout: 50 });
    expect(show(stage.data(Buffer.alloc(10), 100))).toEqual([[150, 'reset']]);
  });

  it('lets after_bytes through first (ours), cutting the chunk that crosses it', () => {
    const { stage } = stageOf(resetPeer, { after_bytes: 15 });
    expect(show(stage.data(Buffer.alloc(10), 0))).toEqual([[0, 10]]);
    expect(show(stage.data(Buffer.alloc(10), 1))).toEqual([
      [1, 5],
      [1, 'reset'],
    ]);
  });

  it('resets at once for a negative timeout', () => {
    expect(show(stageOf(resetPeer, { timeout: -50 }).stage.data(Buffer.alloc(3), 10))).toEqual([[10, 'reset']]);
  });

  it('trips on the end of stream too, as Toxiproxy does', () => {
    expect(show(stageOf(resetPeer, { timeout: 5 }).stage.end!('eof', 10))).toEqual([[15, 'reset']]);
  });
});
