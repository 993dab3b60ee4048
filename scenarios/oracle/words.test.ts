import { describe, expect, it } from 'vitest';
import type { DeviceSnapshot } from '../../drivers/gallery-device.ts';
import { Ledger } from '../runner/ledger.ts';
import type { OracleContext } from './context.ts';
import { checkInvariants } from './index.ts';

/** A phone that backed up nothing of one photo, and a cloud with room: only the phone's own words differ per case. */
function context(phone: Partial<DeviceSnapshot>, options: { unreadable?: boolean } = {}): OracleContext {
  const ledger = new Ledger(() => 0);
  const item = { id: 1000, name: 'IMG_1.jpg', album: 'Camera', sha256: 'a'.repeat(64) };
  ledger.add('phone', { kind: 'settings', backupEnabled: true });
  ledger.add('phone', { kind: 'capture', item, ...(options.unreadable ? { unreadable: true } : {}) });
  const snapshot: DeviceSnapshot = {
    items: [{ ...item, trashed: false }],
    settings: { backupEnabled: true, backupAlbums: ['Camera'], hiddenAlbums: [], wifiOnly: false, network: 'wifi' },
    status: 'Backup complete',
    unsynced: {},
    idle: true,
    ...phone,
  };
  return {
    devices: [{ name: 'phone', brand: 'oppo', twoWaySync: false, clientId: 'app-1', defaultAlbums: ['Camera'], snapshot }],
    cloud: { timeMs: 0, items: [], albums: [], quota: { limitBytes: 10_000_000, usageBytes: 0 } },
    cloudBytes: () => undefined,
    localBytes: () => new Uint8Array(3000),
    history: [],
    ledger,
    settled: true,
  };
}

const found = (c: OracleContext) => checkInvariants(c).map((v) => `${v.invariant}: ${v.actual}`);

describe("the oracle judges what is held, not what the phone says", () => {
  it.each(['Waiting for Wi-Fi', 'Waiting for network', 'Storage full', 'Access revoked', 'Backup is off'])('a phone on Wi-Fi with room in the cloud that says "%s" has still lost the photo', (status) => {
    expect(found(context({ status }))).toContain(`no-loss: the cloud has no copy and the phone says "${status}"`);
  });

  it('a reason in the unsynced list excuses only bytes that really are unreadable', () => {
    const words = { unsynced: { '1000': 'IMG_1.jpg: not a photo' } };
    expect(found(context(words))).toContain('no-loss: the phone gave up on it ("IMG_1.jpg: not a photo") and the cloud has no copy');
    expect(found(context(words, { unreadable: true }))).toEqual([]);
  });

  it('a silent drop is a quota-pauses violation once the cloud has room, whatever the phone says', () => {
    const c = context({ status: 'Backup complete' });
    c.ledger.add('web', { kind: 'quota', bytes: 10_000_000 });
    expect(found(c)).toContain('quota-pauses: it never went up; the phone says "Backup complete"');
  });

  it('waiting is right when the facts say so: Wi-Fi only on mobile data, offline, or a cloud too full for the queue', () => {
    expect(found(context({ settings: { backupEnabled: true, backupAlbums: ['Camera'], hiddenAlbums: [], wifiOnly: true, network: 'cellular' } }))).toEqual([]);
    expect(found(context({ settings: { backupEnabled: true, backupAlbums: ['Camera'], hiddenAlbums: [], wifiOnly: false, network: 'offline' } }))).toEqual([]);
    const full = context({ status: 'Storage full' });
    full.cloud.quota.usageBytes = full.cloud.quota.limitBytes - 100;
    expect(found(full)).toEqual([]);
  });
});
