import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Filmstrip } from '../../reports/evidence.ts';
import type { Stage } from './stage.ts';

/** A failed run's screens in memory, until `saveFilmstrip` writes them beside results.json. */
export interface Screens {
  phones: string[];
  frames: Array<{ step: number; png: Uint8Array }>;
  pageSource?: { phone: string; xml: string };
  appiumLog?: string;
}

/** Grey between two phones' screens in one frame. */
const GUTTER = 12;

/**
 * Takes a frame after each step (every phone's screen, side by side) until the first failing check, and the page
 * source at that check (of the phone the first violation names, else the first phone). A screen that cannot be
 * taken (a real device gone mid-run) leaves its step without a frame: evidence never fails a run.
 */
export class FilmstripRecorder {
  readonly screens: Screens;
  private done = false;

  constructor(
    private readonly stage: Stage,
    phones: readonly string[],
  ) {
    this.screens = { phones: [...phones], frames: [] };
  }

  async after(step: number, violations: ReadonlyArray<{ phone?: string | undefined }>): Promise<void> {
    if (this.done) return;
    const png = await this.frame().catch(() => undefined);
    if (png) this.screens.frames.push({ step, png });
    if (violations.length === 0) return;
    this.done = true;
    const named = violations[0]?.phone;
    const phone = named && this.screens.phones.includes(named) ? named : (this.screens.phones[0] as string);
    const xml = await this.stage.pageSource(phone).catch(() => undefined);
    if (xml !== undefined) this.screens.pageSource = { phone, xml };
  }

  private async frame(): Promise<Uint8Array> {
    const shots: Buffer[] = [];
    for (const phone of this.screens.phones) shots.push(Buffer.from(await this.stage.screenshot(phone)));
    if (shots.length === 1) return shots[0] as Buffer;
    const sizes = await Promise.all(shots.map((s) => sharp(s).metadata()));
    const width = sizes.reduce((w, m) => w + (m.width ?? 0), 0) + GUTTER * (shots.length - 1);
    const height = Math.max(...sizes.map((m) => m.height ?? 0));
    let left = 0;
    const layers = shots.map((input, i) => {
      const layer = { input, left, top: 0 };
      left += (sizes[i]?.width ?? 0) + GUTTER;
      return layer;
    });
    return sharp({ create: { width, height, channels: 3, background: '#d1d5db' } }).composite(layers).png().toBuffer();
  }
}

/** `evidence/<run>/`, relative to results.json. */
export const evidenceDir = (run: string): string => join('evidence', run);

/**
 * Writes a failed run's screens under `outDir/evidence/<run>/` (step-NN.png, NN the 1-based step; page-source.xml;
 * appium.log) and gives their paths, relative to `outDir`. Any other run leaves no files: what an earlier batch left
 * for it is removed.
 */
export function saveFilmstrip(outDir: string, run: string, screens: Screens | undefined, verdict: string): Filmstrip | undefined {
  const dir = evidenceDir(run);
  rmSync(join(outDir, dir), { recursive: true, force: true });
  if (verdict !== 'fail' || !screens?.frames.length) return undefined;
  mkdirSync(join(outDir, dir), { recursive: true });
  const write = (name: string, data: Uint8Array | string): string => {
    writeFileSync(join(outDir, dir, name), data);
    return join(dir, name);
  };
  return {
    phones: screens.phones,
    frames: screens.frames.map(({ step, png }) => ({ step, file: write(`step-${String(step + 1).padStart(2, '0')}.png`, png) })),
    ...(screens.pageSource ? { pageSource: { phone: screens.pageSource.phone, file: write('page-source.xml', screens.pageSource.xml) } } : {}),
    ...(screens.appiumLog ? { appiumLog: write('appium.log', screens.appiumLog) } : {}),
  };
}

/** Every file of a filmstrip, relative to results.json (what junit.xml attaches). */
export function filmstripFiles(film: Filmstrip | undefined): string[] {
  if (!film) return [];
  return [...film.frames.map((f) => f.file), ...(film.pageSource ? [film.pageSource.file] : []), ...(film.appiumLog ? [film.appiumLog] : [])];
}
