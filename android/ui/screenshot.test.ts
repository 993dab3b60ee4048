import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { deleteDialogTree } from './delete-dialog.fixture.ts';
import type { UiNode } from './node.ts';
import { screenSvg, screenshotPng } from './screenshot.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** RGB of the output pixel at screen coordinates (x, y), for a screenshot at the default half scale. */
async function pixelAt(png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.floor(y / 2) * info.width + Math.floor(x / 2)) * info.channels;
  return [data[offset] ?? -1, data[offset + 1] ?? -1, data[offset + 2] ?? -1];
}

/** Darkest channel value in a screen-coordinate rectangle. */
async function darkest(png: Buffer, left: number, top: number, width: number, height: number): Promise<number> {
  const { data } = await sharp(png)
    .extract({ left: left / 2, top: top / 2, width: width / 2, height: height / 2 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data.reduce((min, value) => Math.min(min, value), 255);
}

describe('screenshotPng', () => {
  it('is a PNG of the screen at half size', async () => {
    const png = await screenshotPng(deleteDialogTree());
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([540, 1200]);
  });

  it('keeps the aspect ratio for other screens and scales', async () => {
    const small: UiNode = { ...deleteDialogTree(), bounds: { x: 0, y: 0, width: 720, height: 1600 } };
    const meta = await sharp(await screenshotPng(small, { scale: 1 })).metadata();
    expect([meta.width, meta.height]).toEqual([720, 1600]);
  });

  it('is deterministic', async () => {
    const first = await screenshotPng(deleteDialogTree());
    const second = await screenshotPng(deleteDialogTree());
    expect(first.equals(second)).toBe(true);
    expect(screenSvg(deleteDialogTree())).toBe(screenSvg(deleteDialogTree()));
  });

  it('shows the checkbox state', async () => {
    const unchecked = await screenshotPng(deleteDialogTree({ cloudChecked: false }));
    const checked = await screenshotPng(deleteDialogTree({ cloudChecked: true }));
    expect(unchecked.equals(checked)).toBe(false);
    // Inside the indicator box (checkbox bounds x 120..960, y 1800..1920; the box is 56 px at x 144, y 1832),
    // away from the tick: white when unchecked, the accent blue when checked.
    expect(await pixelAt(unchecked, 160, 1846)).toEqual([255, 255, 255]);
    const [r, g, b] = await pixelAt(checked, 160, 1846);
    expect(b).toBeGreaterThan(200);
    expect(r).toBeLessThan(60);
    expect(g).toBeLessThan(140);
  });

  it('draws images grey, buttons as light boxes and texts dark', async () => {
    const png = await screenshotPng(deleteDialogTree());
    // Middle of the first thumbnail (0..360 x 200..560), above its caption: grey.
    const [r, g, b] = await pixelAt(png, 180, 300);
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(r).toBeGreaterThan(150);
    expect(r).toBeLessThan(220);
    // Inside the Cancel button, left of its centred label: the light box fill, not white.
    expect(await pixelAt(png, 140, 2110)).not.toEqual([255, 255, 255]);
    // Empty space between the grid and the dialog: white.
    expect(await pixelAt(png, 540, 1000)).toEqual([255, 255, 255]);
    // The dialog title's text leaves dark strokes; the empty band under the grid has none.
    expect(await darkest(png, 120, 1440, 400, 100)).toBeLessThan(80);
    expect(await darkest(png, 0, 800, 1080, 400)).toBe(255);
  });

  it('changes when a text changes', async () => {
    const tree = deleteDialogTree();
    const other = deleteDialogTree();
    const title = other.children[2]?.children[0];
    if (!title) throw new Error('fixture changed: no dialog title');
    title.text = 'Remove';
    expect((await screenshotPng(tree)).equals(await screenshotPng(other))).toBe(false);
  });
});
