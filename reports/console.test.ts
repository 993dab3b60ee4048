import { describe, expect, it } from 'vitest';
import { fitWords, painter, plural, wantsColour } from './console.ts';

describe('console', () => {
  const terminal = { isTTY: true, hasColors: () => true };
  it('colours a terminal with colours, unless NO_COLOR or CI says otherwise; FORCE_COLOR decides first', () => {
    expect(wantsColour(terminal, {})).toBe(true);
    expect(wantsColour(terminal, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(terminal, { CI: 'true' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour(terminal, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColour({ isTTY: true, hasColors: () => false }, {})).toBe(false);
  });

  it('paints with ANSI codes only when asked', () => {
    expect(painter(true)('red', 'x')).toBe('\u001b[31mx\u001b[39m');
    expect(painter(false)('red', 'x')).toBe('x');
  });

  it('says 1 run, 2 runs, 0 runs', () => {
    expect([0, 1, 2].map((n) => plural(n, 'run'))).toEqual(['0 runs', '1 run', '2 runs']);
    expect(plural(1, 'history', 'histories')).toBe('1 history');
  });

  it('cuts at a word’s end, never inside a word', () => {
    expect(fitWords('no loss after a reset mid-upload', 40)).toBe('no loss after a reset mid-upload');
    expect(fitWords('no loss after a reset mid-upload', 20)).toBe('no loss after a…');
    expect(fitWords('connection, reset', 12)).toBe('connection…');
    expect(fitWords('supercalifragilistic', 8)).toBe('superca…');
  });
});
