import type { DeviceItem } from '../../drivers/gallery-device.ts';

/**
 * What the user (and the scenario's world) did, in order, with the virtual time it happened: the oracle's
 * record of intent. Phones and the cloud keep their own histories; this is the scenario's side.
 */
export interface LedgerEntry {
  time: number;
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

  constructor(private readonly now: () => number) {}

  add(actor: string, what: LedgerEntry['what']): void {
    this.entries.push({ time: this.now(), actor, what });
  }

  of<K extends LedgerEntry['what']['kind']>(kind: K): Array<LedgerEntry & { what: Extract<LedgerEntry['what'], { kind: K }> }> {
    return this.entries.filter((e) => e.what.kind === kind) as Array<LedgerEntry & { what: Extract<LedgerEntry['what'], { kind: K }> }>;
  }
}
