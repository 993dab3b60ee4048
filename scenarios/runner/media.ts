import { generateOne, type KindName } from '../../fixtures/index.ts';

/** Media for scenarios: seeded fixtures, small enough to simulate thousands of runs a minute, cached by (kind, n). */
export interface ScenarioMedia {
  bytes: Uint8Array;
  name: string;
  /** false when the kind made it undecodable on purpose (a corrupt file). */
  decodable: boolean;
}

const cache = new Map<string, Promise<ScenarioMedia>>();

/** The `n`th medium of a scenario; `variant` picks one of the kind's variants (e.g. corrupt: zero-bytes), else the seed does. */
export function scenarioMedia(kind: KindName, n: number, sourceIndex?: number, variant?: string): Promise<ScenarioMedia> {
  const key = `${kind}/${n}/${sourceIndex ?? ''}/${variant ?? ''}`;
  let made = cache.get(key);
  if (!made) {
    const options = { seed: 1, cameraSize: { width: 96, height: 72 }, ...(sourceIndex === undefined ? {} : { sourceIndex }), ...(variant === undefined ? {} : { variant }) };
    made = generateOne(kind, n, options).then(({ bytes, entry }) => ({ bytes, name: entry.path, decodable: entry.decodable !== false }));
    cache.set(key, made);
  }
  return made;
}
