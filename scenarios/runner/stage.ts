import type { Clock } from '../../runtime/clock.ts';
import type { FetchLike } from '../../network/index.ts';
import type { DeviceAccount, GalleryDevice } from '../../drivers/gallery-device.ts';
import type { HistoryEvent } from '../../runtime/history.ts';
import type { Sequence } from '../../runtime/sequence.ts';

/**
 * Where a scenario runs: in-process simulated phones on virtual time (`simulate`), or phones behind an Appium
 * server against a cloud on a real port (`run`). The scenario's steps, its ledger and the oracle are the same on
 * both; only this differs.
 */
export interface Stage {
  /** Scenario time: the ledger's timestamps and the web user's request timeouts. */
  readonly clock: Clock;
  /**
   * The sequence the phones' history is numbered from, when the ledger can share it (in-process phones); absent
   * when each phone keeps its own (phones in other processes): then time alone orders the ledger among them.
   */
  readonly sequence?: Sequence;
  /** The cloud as the web user (Google Photos on the web, another device) reaches it. */
  readonly cloudFetch: FetchLike;
  readonly cloudUrl: string;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** A phone of the run's brand, signed in to `account` (a Google account on the device). */
  addPhone(name: string, account: DeviceAccount): Promise<GalleryDevice>;
  /** Lets `ms` of time pass for the cloud and the phones. */
  advance(ms: number): Promise<void>;
  /** Lets the phones work until every one is idle, or `ms` of scenario time passed; whether they all got there. */
  settle(ms: number): Promise<boolean>;
  /** What the stage knows of the phones' own events and the network's decisions, oldest first. */
  history(): Promise<HistoryEvent[]>;
  /** The bytes the cloud stores for these contents (for the oracle's damaged-vs-altered checks). */
  cloudBytes(hashes: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** A phone's screen now, as a PNG (a failing run's filmstrip). */
  screenshot(phone: string): Promise<Uint8Array>;
  /** A phone's screen now, as UiAutomator2's page source (XML). */
  pageSource(phone: string): Promise<string>;
  close(): Promise<void>;
}
