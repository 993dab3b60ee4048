import type { DeviceItem } from '../../drivers/gallery-device.ts';
import type { Sequence } from '../../runtime/sequence.ts';

/**
 * What the user (and the scenario's world) did, in order, with the virtual time it happened: the oracle's
 * record of intent. Phones and the cloud keep their own histories; this is the scenario's side.
 */
export interface LedgerEntry {
  time: number;
  /** Its place in the world's sequence, shared with the phones' history (when the stage shares one). */
  seq?: number;
  actor: string;
  what:
    /** `unreadable`: the scenario made undecodable bytes on purpose (a corrupt file): the cloud may refuse them. */
    | { kind: 'capture'; item: DeviceItem; unreadable?: boolean }
    | { kind: 'edit'; item: DeviceItem; before: string }
    | { kind: 'delete'; item: DeviceItem; everywhere: boolean }
    | { kind: 'restore'; item: DeviceItem }
    | { kind: 'move'; item: DeviceItem; from: string }
    | { kind: 'settings'; backupAlbums?: string[]; hiddenAlbums?: string[]; wifiOnly?: boolean; backupEnabled?: boolean }
    | { kind: 'network'; state: 'wifi' | 'cellular' | 'offline' }
    | { kind: 'revoke' }
    | { kind: 'kill' | 'start' | 'restart' }
    | { kind: 'cloud-add'; cloudId: string; sha256: string; name: string }
    | { kind: 'cloud-edit'; cloudId: string; sha256: string; before: string }
    | { kind: 'cloud-trash' | 'cloud-restore' | 'cloud-purge'; cloudId: string; sha256: string }
    | { kind: 'quota'; bytes: number }
    /** `lasting`: it stays until `net: heal` (no `for:`, no `times:`); `healed`: this entry is the heal. */
    | { kind: 'fault'; description: string; lasting?: boolean; healed?: boolean };
}

export class Ledger {
  readonly entries: LedgerEntry[] = [];
  private reserved: number | undefined;

  constructor(
    private readonly now: () => number,
    private readonly sequence?: Sequence,
  ) {}

  /**
   * Takes the next place in the sequence for what the user is about to do: an entry is logged once its action
   * is done (it needs the item made), but it came before the calls that action caused.
   */
  begin(): void {
    this.reserved = this.sequence?.next();
  }

  add(actor: string, what: LedgerEntry['what']): void {
    const seq = this.reserved ?? this.sequence?.next();
    this.entries.push({ time: this.now(), ...(seq === undefined ? {} : { seq }), actor, what });
    // A step may do several things (capture count: 3): the next one begins now.
    this.begin();
  }

  of<K extends LedgerEntry['what']['kind']>(kind: K): Array<LedgerEntry & { what: Extract<LedgerEntry['what'], { kind: K }> }> {
    return this.entries.filter((e) => e.what.kind === kind) as Array<LedgerEntry & { what: Extract<LedgerEntry['what'], { kind: K }> }>;
  }
}
