import { describe, expect, it } from 'vitest';
import { PacedClock } from './paced-clock.ts';

describe('PacedClock', () => {
  it('runs scale times faster than the wall clock', async () => {
    const clock = new PacedClock(1000, 0);
    const fired = await new Promise<number>((resolve) => clock.setTimer(60_000, () => resolve(clock.now())));
    // A minute of paced time is 60 wall milliseconds at scale 1000; it fired no earlier than due.
    expect(fired).toBeGreaterThanOrEqual(60_000);
  });

  it('jumps ahead, firing the timers due on the way in due order, and leaves later ones pending', () => {
    const clock = new PacedClock(1, 1_000_000);
    const order: string[] = [];
    clock.setTimer(2 * 86_400_000, () => order.push('two days'));
    clock.setTimer(3_600_000, () => order.push('an hour'));
    const cancelled = clock.setTimer(60_000, () => order.push('cancelled'));
    clock.clearTimer(cancelled);
    clock.advance(86_400_000);
    expect(order).toEqual(['an hour']);
    expect(clock.now()).toBeGreaterThanOrEqual(1_000_000 + 86_400_000);
    clock.advance(86_400_000);
    expect(order).toEqual(['an hour', 'two days']);
    clock.stop();
  });

  it('refuses to go backwards or stand still', () => {
    expect(() => new PacedClock(1).advance(-1)).toThrow(RangeError);
    expect(() => new PacedClock(0)).toThrow(RangeError);
  });
});
