import { generateOne, MediaCache, type KindName } from '../../fixtures/index.ts';

/**
 * Media for scenarios: seeded fixtures, small enough to simulate thousands of runs a minute, cached by (kind, n, …)
 * in this process and on disk for the next ones (see MediaCache).
 */
export interface ScenarioMedia {
  bytes: Uint8Array;
  name: string;
  /** false when the kind made it undecodable on purpose (a corrupt file). */
  decodable: boolean;
}

const cache = new Map<string, Promise<ScenarioMedia>>();
const disk = new MediaCache();

/** The `n`th medium of a scenario; `variant` picks one of the kind's variants (e.g. corrupt: zero-bytes), else the seed does. */
export function scenarioMedia(kind: KindName, n: number, sourceIndex?: number, variant?: string): Promise<ScenarioMedia> {
  const options = { seed: 1, cameraSize: { width: 96, height: 72 }, ...(sourceIndex === undefined ? {} : { sourceIndex }), ...(variant === undefined ? {} : { variant }) };
  const key = `${kind}/${n}/${JSON.stringify(options)}`;
  let made = cache.get(key);
  if (!made) {
    const kept = disk.read(key);
    made = kept
      ? Promise.resolve({ bytes: kept.bytes, name: String(kept.meta.name), decodable: kept.meta.decodable !== false })
      : generateOne(kind, n, options).then(({ bytes, entry }) => {
          const medium = { bytes, name: entry.path, decodable: entry.decodable !== false };
          disk.write(key, { bytes, meta: { name: medium.name, decodable: medium.decodable } });
          return medium;
        });
    cache.set(key, made);
  }
  return made;
}
