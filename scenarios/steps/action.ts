import type fc from 'fast-check';
import type { z } from 'zod';
import type { DeviceAccount, DeviceItem, GalleryDevice } from '../../drivers/gallery-device.ts';
import type { BrandName, KindName } from '../../fixtures/index.ts';
import type { CloudApi } from '../../simulator/engine/cloud-api.ts';
import type { LedgerEntry } from '../runner/ledger.ts';
import type { ScenarioMedia } from '../runner/media.ts';
import type { Stage } from '../runner/stage.ts';
import type { ItemRef } from './args.ts';

/** What a step may use of the run it is part of: the phones, the web user, the scenario's media and its ledger. */
export interface StepContext {
  readonly stage: Stage;
  readonly brand: BrandName;
  /** The run's Google account. */
  readonly email: string;
  /** The scenario file, for error messages. */
  readonly file: string;
  /** The phone a step goes to: its `on:`, else the scenario's first. */
  phoneOf(args: { on?: string }): string;
  device(phone: string): GalleryDevice;
  account(phone: string): DeviceAccount;
  /**
   * The item a phone step acts on (its own capture, or its copy of another phone's or a web item). `in`: where the
   * gallery shows it — `gallery` for edit, move and delete, `trash` for restore — else the step is impossible.
   */
  item(ref: unknown, phone: string, where?: 'gallery' | 'trash'): Promise<DeviceItem>;
  /** The bytes an item reference stands for now. */
  contentOf(ref: ItemRef): Promise<{ sha256: string; name: string }>;
  /** The cloud item an item reference stands for. */
  /** The cloud item a ref names, and whether it sits in the cloud's trash. */
  cloudItem(ref: unknown): Promise<{ cloudId: string; sha256: string; trashed: boolean }>;
  /** New seeded media for the scenario (its bytes are remembered for the oracle). */
  newMedia(kind?: KindName, variant?: string): Promise<ScenarioMedia>;
  bytes(sha256: string): Uint8Array | undefined;
  remember(sha256: string, bytes: Uint8Array): void;
  captured(phone: string, item: DeviceItem): void;
  webAdded(item: { cloudId: string; sha256: string; name: string }): number;
  /** The web user's API, with a fresh token. */
  web(): Promise<CloudApi>;
  log(actor: string, what: LedgerEntry['what']): void;
  /** A fresh name for a toxic (`latency_3`). */
  toxicName(type: string): string;
  /** Cloud-side faults added for a phone, so that healing it removes only those. */
  cloudFaults(phone: string): string[];
}

/**
 * A step that cannot apply to the world as it is (the item is not on that phone, not in the cloud yet): the
 * scenario asked for something impossible. A scenario's author gets an error; `explore` discards the history.
 */
export class StepImpossible extends Error {
  override readonly name = 'StepImpossible';
}

/** An item as a generator picks it, before it is known which items exist: the `k`th (modulo) of `from`'s. */
export interface ItemPick {
  readonly from: string;
  readonly k: number;
}

/** What a generator may draw from: the scenario's phones, an item, an album. */
export interface GenerateContext {
  readonly phone: fc.Arbitrary<string>;
  readonly item: fc.Arbitrary<ItemPick>;
  readonly album: fc.Arbitrary<string>;
}

/** How `explore` makes this action: how often (relative weight) and its arguments (YAML-shaped, item picks unresolved). */
export interface Generator {
  readonly weight: number;
  args(g: GenerateContext): fc.Arbitrary<Record<string, unknown>>;
}

/** One step action: its arguments' schema, what it does on a stage, and how `explore` generates it. One value per action, one table per verb. */
export interface Action<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  run(context: StepContext, args: z.output<S>): Promise<void>;
  readonly generate?: Generator;
}

export function action<S extends z.ZodType>(schema: S, run: (context: StepContext, args: z.output<S>) => Promise<void>, generate?: Generator): Action<S> {
  return generate ? { schema, run, generate } : { schema, run };
}

/** The schemas of a table, as the loader reads them. */
export function schemasOf<T extends Record<string, Action>>(table: T): { [K in keyof T]: T[K]['schema'] } {
  return Object.fromEntries(Object.entries(table).map(([name, a]) => [name, a.schema])) as { [K in keyof T]: T[K]['schema'] };
}
