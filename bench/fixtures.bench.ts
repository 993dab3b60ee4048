import sharp from 'sharp';
import { generateOne } from '../fixtures/index.ts';
import { pictureSvg } from '../fixtures/picture/picture.ts';
import { createRng } from '../runtime/rng.ts';
import type { Benchmark } from './bench.ts';
import { round } from './bench.ts';

const SIZE = { width: 1024, height: 768 };
const WARMUP = 5;
const ITEMS = 60;

/** Files per second making `ITEMS` files one at a time, after a warm-up. */
async function perSecond(make: (index: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await make(10_000 + i);
  const started = performance.now();
  for (let i = 0; i < ITEMS; i++) await make(i);
  return (ITEMS * 1000) / (performance.now() - started);
}

/**
 * Whole camera photos (seeded picture, label, EXIF, manifest line with sha256, EXIF read-back and dHash)
 * against two baselines of the same size in the same run: sharp rendering the same kind of SVG to a JPEG with
 * no EXIF and no manifest (what the fixture machinery costs on top of drawing), and sharp encoding a flat
 * image (what drawing a distinct picture costs on top of encoding).
 */
const bench: Benchmark = async () => {
  const plain = await perSecond((i) =>
    sharp(Buffer.from(pictureSvg({ ...SIZE, label: [`#${i}`, 'CAMERA-PHOTO'] }, createRng(i)))).jpeg({ quality: 90 }).toBuffer(),
  );
  const flat = await perSecond((i) =>
    sharp({ create: { ...SIZE, channels: 3, background: { r: i % 256, g: 90, b: 160 } } }).jpeg({ quality: 90 }).toBuffer(),
  );
  const camera = await perSecond((i) => generateOne('camera-photo', i, { seed: 1, cameraSize: SIZE }));
  return [
    {
      name: 'camera JPEG 1024×768 with EXIF + manifest line',
      value: round(camera, 1),
      unit: 'files/s',
      baseline: { name: 'plain sharp SVG→JPEG 1024×768', value: round(plain, 1) },
      ratio: round(camera / plain),
      note: `${ITEMS} files one at a time after ${WARMUP} warm-up`,
    },
    {
      name: 'camera JPEG 1024×768 with EXIF + manifest line',
      value: round(camera, 1),
      unit: 'files/s',
      baseline: { name: 'plain sharp JPEG encode of a flat 1024×768 image', value: round(flat, 1) },
      ratio: round(camera / flat),
      note: 'the baseline draws nothing: pure encoder speed',
    },
  ];
};

export default bench;
