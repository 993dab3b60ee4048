import { describe, expect, it } from 'vitest';
import { latency } from './latency.ts';
import { show, stageOf } from './testing.ts';

describe('latency', () => {
  it('delays every chunk by latency and lets the end through undelayed', () => {
    const { stage } = stageOf(latency, { latency: 100 });
    expect(show(stage.data(Buffer.alloc(10), 0))).toEqual([[100, 10]]);
    expect(show(stage.data(Buffer.alloc(5), 30))).toEqual([[130, 5]]);
    expect(stage.end).toBeUndefined();
  });

  it('draws the jitter once per connection from [-jitter, jitter) and records it', () => {
    const draws = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const { stage, notes } = stageOf(latency, { latency: 100, jitter: 20 }, seed);
      const [first] = stage.data(Buffer.alloc(1), 0);
      const [second] = stage.data(Buffer.alloc(1), 50);
      expect(second!.at - first!.at).toBe(50);
      expect(notes.jitter_ms).toBe(first!.at - 100);
      draws.add(notes.jitter_ms as number);
    }
    expect(Math.min(...draws)).toBe(-20);
    expect(Math.max(...draws)).toBe(19);
  });

  it('accepts a negative latency, as Toxiproxy does, and delays by nothing (a Go sleep of less than 0 returns at once)', () => {
    const { stage } = stageOf(latency, { latency: -5, jitter: -3 });
    expect(show(stage.data(Buffer.alloc(4), 10))).toEqual([[10, 4]]);
    expect(() => latency.attributes.parse({ latency: 1.5 })).toThrow(); // Go cannot put 1.5 in an int64 either
  });
});
