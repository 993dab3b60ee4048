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
  /** The item a phone step acts on (its own capture, or its copy of another phone's or a web item). */
  item(ref: unknown, phone: string): Promise<DeviceItem>;
  /** The bytes an item reference stands for now. */
  contentOf(ref: ItemRef): Promise<{ sha256: string; name: string }>;
  /** The cloud item an item reference stands for. */
  cloudItem(ref: unknown): Promise<{ cloudId: string; sha256: string }>;
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

/** One step action: its arguments' schema and what it does on a stage. One value per action, one table per verb. */
export interface Action<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  run(context: StepContext, args: z.output<S>): Promise<void>;
}

export function action<S extends z.ZodType>(schema: S, run: (context: StepContext, args: z.output<S>) => Promise<void>): Action<S> {
  return { schema, run };
}

/** The schemas of a table, as the loader reads them. */
export function schemasOf<T extends Record<string, Action>>(table: T): { [K in keyof T]: T[K]['schema'] } {
  return Object.fromEntries(Object.entries(table).map(([name, a]) => [name, a.schema])) as { [K in keyof T]: T[K]['schema'] };
}
