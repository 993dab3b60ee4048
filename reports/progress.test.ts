import { describe, expect, it } from 'vitest';
import { painter } from './console.ts';
import { Progress } from './progress.ts';

describe('Progress', () => {
  it('in a CI log prints a plain line at each tenth and at the end, no carriage returns', () => {
    const out: string[] = [];
    const progress = new Progress(20, false, (t) => out.push(t), painter(false));
    for (let done = 1; done <= 20; done++) progress.update(done, done > 15 ? 1 : 0);
    progress.done();
    expect(out.join('')).not.toContain('\r');
    expect(out).toHaveLength(10);
    expect(out.at(-1)).toMatch(/^ {2}20\/20 runs \(100%\) · 19 passed, 1 failed · \d+s\n$/);
    expect(out[0]).toMatch(/2\/20 runs \(10%\) · 2 passed, 0 failed · \d+s · about \d+s left/);
  });

  it('on a terminal redraws one line and keeps failures on lines of their own', () => {
    const out: string[] = [];
    const progress = new Progress(3, true, (t) => out.push(t), painter(false));
    progress.update(1, 0);
    progress.failure('wifi only on oppo, seed 4: wifi-only');
    progress.update(2, 1);
    progress.done();
    expect(out[0]).toMatch(/^\r {2}1\/3 runs/);
    expect(out[1]).toBe('\r\x1b[K✗ wifi only on oppo, seed 4: wifi-only\n');
    expect(out.at(-1)).toBe('\n');
  });

  it('paints failures red when colour is on, and counts one run as one', () => {
    const out: string[] = [];
    const progress = new Progress(1, false, (t) => out.push(t), painter(true));
    progress.failure('wifi only on oppo, seed 4: wifi-only');
    progress.update(1, 1);
    expect(out[0]).toBe('\x1b[31m✗ wifi only on oppo, seed 4: wifi-only\x1b[39m\n');
    expect(out[1]).toContain('  1/1 run (100%) · 0 passed, \x1b[31m1 failed\x1b[39m · ');
  });
});
