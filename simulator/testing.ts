import { generateOne } from '../fixtures/index.ts';

export interface Shot {
  name: string;
  bytes: Uint8Array;
}

const cache = new Map<string, Shot>();

/** A small seeded camera photo (cached: generating is the slow part of a simulated run). */
export async function shot(index: number, options: { seed?: number; width?: number; height?: number } = {}): Promise<Shot> {
  const key = `${options.seed ?? 1}/${index}/${options.width ?? 320}x${options.height ?? 240}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const { bytes, entry } = await generateOne('camera-photo', index, { seed: options.seed ?? 1, cameraSize: { width: options.width ?? 320, height: options.height ?? 240 } });
  const made = { name: entry.path, bytes };
  cache.set(key, made);
  return made;
}

export const shots = (count: number, options: Parameters<typeof shot>[1] = {}): Promise<Shot[]> => Promise.all(Array.from({ length: count }, (_, i) => shot(i, options)));
