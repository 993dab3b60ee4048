import type { DeviceSnapshot } from '../../drivers/gallery-device.ts';
import type { HistoryEvent } from '../../runtime/history.ts';
import type { InvariantName } from '../schema.ts';
import type { Ledger } from '../runner/ledger.ts';

export interface CloudItem {
  id: string;
  filename: string;
  sha256: string;
  state: 'live' | 'trashed' | 'purged';
  createdByClientId: string;
  trashTime?: string;
  purgeTime?: string;
  purgedTime?: string;
  albumIds: string[];
  /** `createTime`: when the cloud stored that version (the first is the item's upload). */
  versions: Array<{ version: number; sha256: string; createTime?: string }>;
}

export interface CloudSnapshot {
  timeMs: number;
  items: CloudItem[];
  albums: Array<{ id: string; title: string; mediaItemIds: string[] }>;
  quota: { limitBytes: number; usageBytes: number };
}

export interface DeviceFacts {
  name: string;
  brand: string;
  twoWaySync: boolean;
  clientId: string;
  defaultAlbums: readonly string[];
  snapshot: DeviceSnapshot;
}

/** Everything the oracle reads: final snapshots, the phones' histories, and the scenario's ledger of intent. */
export interface OracleContext {
  devices: DeviceFacts[];
  cloud: CloudSnapshot;
  /** The bytes of a cloud content, to tell a damaged copy from an altered one. */
  cloudBytes(sha256: string): Uint8Array | undefined;
  localBytes(sha256: string): Uint8Array | undefined;
  history: readonly HistoryEvent[];
  ledger: Ledger;
  /** Whether the last settle reached quiet within its bound. */
  settled: boolean;
}

/** A broken promise, explained: which item on which phone, what should be, what is, and what led there. */
export interface Violation {
  invariant: InvariantName;
  phone?: string;
  item?: { name: string; sha256: string };
  expected: string;
  actual: string;
  /** The events that led there, oldest first, as short lines. */
  events: string[];
}

export interface Invariant {
  name: InvariantName;
  /** The promise, in a QA engineer's words. */
  promise: string;
  check(context: OracleContext): Violation[];
}
