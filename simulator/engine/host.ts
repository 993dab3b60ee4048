import type { Clock } from '../../runtime/clock.ts';
import type { Rng } from '../../runtime/rng.ts';
import type { FetchLike } from '../../network/index.ts';
import type { BugProfile } from '../bugs.ts';
import type { MediaRow, MediaStore } from '../device/media-store.ts';
import type { History } from '../../runtime/history.ts';
import type { PhoneProfile } from '../profiles.ts';
import type { Credentials } from './cloud-api.ts';

export type NetworkState = 'wifi' | 'cellular' | 'offline';

export interface GallerySettings {
  backupEnabled: boolean;
  account?: Credentials & { email: string };
  /** Albums (buckets) chosen for backup. */
  backupAlbums: Set<string>;
  /** Hidden / private albums: never leave the phone. */
  hiddenAlbums: Set<string>;
  wifiOnly: boolean;
}

/** What the sync engine may use of the phone it runs on. It never reaches past this. */
export interface EngineHost {
  readonly name: string;
  readonly profile: PhoneProfile;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly history: History;
  readonly bugs: ReadonlySet<BugProfile>;
  readonly settings: GallerySettings;
  readonly mediaStore: MediaStore;
  /** The phone's way to the cloud: fails while the phone is offline. */
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  network(): NetworkState;
  readFile(path: string): Uint8Array | undefined;
  /** Writes a file into a media folder and lets MediaStore index it. */
  writeMedia(path: string, bytes: Uint8Array): MediaRow;
  deleteMedia(localId: number): void;
  loadAppData(key: string): string | undefined;
  saveAppData(key: string, value: string): void;
}
