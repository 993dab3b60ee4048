import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../load.ts';
import { FilmstripRecorder } from './filmstrip.ts';
import { simulateScenario } from './simulate.ts';
import type { Stage } from './stage.ts';

/** A stage whose phones' screens are plain PNGs of a given width (only what the recorder asks of a stage). */
function stageOf(widths: Record<string, number>, broken = new Set<string>()): Stage {
  return {
    screenshot: async (phone: string) => {
      if (broken.has(phone)) throw new Error(`${phone}: no screenshot`);
      return sharp({ create: { width: widths[phone] as number, height: 40, channels: 3, background: '#ffffff' } }).png().toBuffer();
    },
    pageSource: async (phone: string) => `<hierarchy phone="${phone}"/>`,
  } as Partial<Stage> as Stage;
}

describe('FilmstripRecorder', () => {
  it('takes a frame after each step until the first failing check, and the page source of the phone that check names', async () => {
    const film = new FilmstripRecorder(stageOf({ a: 30, b: 30 }), ['a', 'b']);
    await film.after(0, []);
    await film.after(1, []);
    await film.after(2, [{ phone: 'b' }]);
    await film.after(3, [{ phone: 'b' }, { phone: 'a' }]);
    expect(film.screens.frames.map((f) => f.step)).toEqual([0, 1, 2]);
    expect(film.screens.pageSource).toEqual({ phone: 'b', xml: '<hierarchy phone="b"/>' });
  });

  it("puts several phones' screens side by side in one frame, in the scenario's order", async () => {
    const film = new FilmstripRecorder(stageOf({ a: 30, b: 50 }), ['a', 'b']);
    await film.after(0, [{}]);
    const { width, height } = await sharp(film.screens.frames[0]?.png).metadata();
    expect([width, height]).toEqual([30 + 12 + 50, 40]);
    // No phone named: the first phone's page source.
    expect(film.screens.pageSource?.phone).toBe('a');
  });

  it('leaves a step without a frame when a screen cannot be taken, and goes on', async () => {
    const broken = new Set(['a']);
    const film = new FilmstripRecorder(stageOf({ a: 30 }, broken), ['a']);
    await film.after(0, []);
    broken.clear();
    await film.after(1, [{}]);
    expect(film.screens.frames.map((f) => f.step)).toEqual([1]);
  });
});

describe('filming a simulated run', () => {
  it('leaves the run as it was: the same history, byte for byte, and the same verdict (simulate films a failure by running it again)', async () => {
    const scenario = loadCatalog().find((s) => s.name === 'response lost after commit leaves no duplicate');
    const options = { brand: 'oppo', seed: 3, bugs: ['duplicate-on-retry'] } as const;
    const plain = await simulateScenario(scenario!, { ...options, bugs: [...options.bugs] });
    const filmed = await simulateScenario(scenario!, { ...options, bugs: [...options.bugs], frames: true });
    expect(plain.verdict).toBe('fail');
    expect(JSON.stringify(filmed.history)).toBe(JSON.stringify(plain.history));
    expect(filmed.violations).toEqual(plain.violations);
    expect(filmed.screens?.frames.map((f) => f.step)).toEqual(Array.from({ length: (plain.failedStep as number) + 1 }, (_, i) => i));
  });
});
