/** What the gallery app keeps in its own database: it survives the app being killed and the phone restarting. */
export interface SyncedEntry {
  localId: number;
  cloudId: string;
  sha256: string;
  etag?: string;
  version?: number;
  /** Deleted from the device only: the cloud keeps it and the phone must not bring it back. */
  removedLocally?: boolean;
  /** Deleted everywhere from this phone: restoring it here restores the cloud copy too. */
  trashedEverywhere?: boolean;
  /** When it was deleted everywhere (the gallery's trash counts its days from here). */
  trashedAt?: number;
}

export interface PendingUpload {
  localId: number;
  sha256: string;
  fileName: string;
  /** Resumable session, kept so a killed app resumes instead of starting over. */
  sessionUrl?: string;
  uploadToken?: string;
  tokenAt?: number;
  /** A batchCreate for it was sent and its answer lost: check the cloud before creating again. */
  uncertain?: boolean;
  /** Deleted by the user while its outcome was uncertain: once the cloud copy is found, the delete applies to it. */
  removed?: 'everywhere' | 'device';
  /** Only with the duplicate-on-retry defect: the bytes get the app's marker before the next attempt. */
  rewrite?: boolean;
  attempts: number;
}

export interface PendingEdit {
  localId: number;
  sha256: string;
  /** Its copy's batchCreate went out and the answer was lost: it may be in the cloud already. */
  uncertain?: boolean;
}

export interface PendingDelete {
  cloudId: string;
  localId: number;
  /** A trash call for it got no answer: the cloud may have trashed it already. */
  maybeDone?: boolean;
}

/** A cloud album change for an item: join `to`, leave `from` (a move in the gallery is both). */
export interface AlbumOp {
  cloudId: string;
  from?: string;
  to?: string;
}

export interface EngineState {
  synced: Record<string, SyncedEntry>;
  pending: PendingUpload[];
  edits: PendingEdit[];
  deletes: PendingDelete[];
  restores: PendingDelete[];
  albumOps: AlbumOp[];
  /** Cloud album ids by title (the phone's album / bucket name). */
  albums: Record<string, string>;
  /** The "Review unsynced changes" list: items the app gave up on, and why. */
  unsynced: Record<string, string>;
  syncToken?: string;
  revoked: boolean;
  /** Storage was full: try again after this time. */
  storageFullSince?: number;
}

export const emptyState = (): EngineState => ({ synced: {}, pending: [], edits: [], deletes: [], restores: [], albumOps: [], albums: {}, unsynced: {}, revoked: false });

/** Where the gallery keeps this database in its app storage. */
export const stateKey = 'sync-engine';

export function loadState(text: string | undefined): EngineState {
  return text ? { ...emptyState(), ...(JSON.parse(text) as EngineState) } : emptyState();
}
