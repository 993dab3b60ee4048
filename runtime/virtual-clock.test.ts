import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.ts';
import { OffsetClock } from './real-clock.ts';
import { createRng } from './rng.ts';

describe('VirtualClock', () => {
  it('fires timers in due order, ties in the order they were set, including timers set while advancing', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push('b@' + clock.now()));
    clock.setTimer(10, () => {
      fired.push('a@' + clock.now());
      clock.setTimer(5, () => fired.push('a2@' + clock.now()));
    });
    clock.setTimer(20, () => fired.push('c@' + clock.now()));
    const cancelled = clock.setTimer(15, () => fired.push('never'));
    clock.clearTimer(cancelled);
    clock.advance(100);
    expect(fired).toEqual(['a@10', 'a2@15', 'b@20', 'c@20']);
    expect(clock.now()).toBe(100);
  });

  it('does not fire a timer before its time and refuses to go backwards', () => {
    const clock = new VirtualClock(1000);
    let fired = false;
    clock.setTimer(50, () => (fired = true));
    clock.advance(49);
    expect(fired).toBe(false);
    expect(clock.nextDue()).toBe(1050);
    clock.advance(1);
    expect(fired).toBe(true);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('OffsetClock', () => {
  it('adds advanced time to the base clock', () => {
    const base = new VirtualClock(5000);
    const clock = new OffsetClock(base);
    clock.advance(61 * 86_400_000);
    expect(clock.now()).toBe(5000 + 61 * 86_400_000);
    base.advance(10);
    expect(clock.now() - clock.offset).toBe(5010);
  });
});

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 20 }, createRng(seed).next);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('forks independent, stable streams by label', () => {
    const a = createRng(7).fork('cloud');
    const b = createRng(7).fork('cloud');
    const c = createRng(7).fork('proxy');
    const first = [a.int(0, 1_000_000), a.int(0, 1_000_000)];
    expect([b.int(0, 1_000_000), b.int(0, 1_000_000)]).toEqual(first);
    expect([c.int(0, 1_000_000), c.int(0, 1_000_000)]).not.toEqual(first);
  });

  it('keeps int and pick within bounds', () => {
    const rng = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    expect(['x', 'y']).toContain(rng.pick(['x', 'y']));
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
  });
});
