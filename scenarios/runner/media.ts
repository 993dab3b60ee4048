import { generateOne, type KindName } from '../../fixtures/index.ts';

/** Media for scenarios: seeded fixtures, small enough to simulate thousands of runs a minute, cached by (kind, n). */
const cache = new Map<string, Promise<{ bytes: Uint8Array; name: string }>>();

export function scenarioMedia(kind: KindName, n: number, sourceIndex?: number): Promise<{ bytes: Uint8Array; name: string }> {
  const key = `${kind}/${n}/${sourceIndex ?? ''}`;
  let made = cache.get(key);
  if (!made) {
    const options = { seed: 1, cameraSize: { width: 96, height: 72 }, ...(sourceIndex === undefined ? {} : { sourceIndex }) };
    made = generateOne(kind, n, options).then(({ bytes, entry }) => ({ bytes, name: entry.path }));
    cache.set(key, made);
  }
  return made;
}
