import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../runtime/virtual-clock.ts';
import { EventLog, type NetworkEvent } from './events.ts';

function filled(count: number, capacity?: number) {
  const clock = new VirtualClock(1_000);
  const log = new EventLog(clock, capacity);
  const appended: NetworkEvent[] = [];
  for (let i = 0; i < count; i++) {
    clock.advance(1);
    appended.push(log.append(i % 3 ? 'connection.opened' : 'toxic.created', { proxy: 'p', connection: i, attributes: { latency: i, jitter: 0.5 } }));
  }
  return { log, appended };
}

describe('EventLog', () => {
  it('gives back every event as appended, in order', () => {
    const { log, appended } = filled(3_000);
    expect(log.since()).toEqual(appended);
    expect(log.since().map((e) => e.seq)).toEqual(appended.map((_, i) => i + 1));
  });

  it('filters by seq', () => {
    const { log } = filled(2_500);
    expect(log.since(1_500).map((e) => e.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => 1_501 + i));
    expect(log.since(2_499).map((e) => e.seq)).toEqual([2_500]);
    expect(log.since(2_500)).toEqual([]);
  });

  it('keeps at least the newest `capacity` events and at most a quarter more, seqs never reused', () => {
    const { log } = filled(10_000, 3_000);
    const kept = log.since().map((e) => e.seq);
    expect(kept.at(-1)).toBe(10_000);
    expect(kept.length).toBeGreaterThanOrEqual(3_000);
    expect(kept.length).toBeLessThanOrEqual(3_750);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 10_001 - kept.length + i));
  });

  it('tells subscribers of each event as it is appended, until they unsubscribe', () => {
    const { log } = filled(0);
    const seen: string[] = [];
    const stop = log.subscribe((e) => seen.push(e.type));
    log.append('a', { type: 'ignored' });
    stop();
    log.append('b');
    expect(seen).toEqual(['a']);
  });
});
