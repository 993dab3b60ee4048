import type { OracleContext } from '../oracle/context.ts';
import { Ledger } from '../runner/ledger.ts';

/** One phone, one backed-up photo that sits in no cloud album; with or without a revoke in the ledger. */
export function oracleContextFor(options: { revoked: boolean }): OracleContext {
  const ledger = new Ledger(() => 0);
  const item = { id: 1000, name: 'IMG_1.jpg', album: 'Camera', sha256: 'a'.repeat(64) };
  ledger.add('phone', { kind: 'settings', backupEnabled: true });
  ledger.add('phone', { kind: 'capture', item });
  if (options.revoked) ledger.add('phone', { kind: 'revoke' });
  return {
    devices: [
      {
        name: 'phone',
        brand: 'oneplus',
        twoWaySync: false,
        clientId: 'app-1',
        defaultAlbums: ['Camera'],
        snapshot: { items: [{ ...item, trashed: false }], settings: { backupEnabled: true, backupAlbums: ['Camera'], hiddenAlbums: [], wifiOnly: false, network: 'wifi' }, status: 'Access revoked', unsynced: {}, idle: true },
      },
    ],
    cloud: { timeMs: 0, items: [{ id: 'c1', filename: 'IMG_1.jpg', sha256: item.sha256, state: 'live', createdByClientId: 'app-1', albumIds: [], versions: [{ version: 1, sha256: item.sha256 }] }], albums: [], quota: { limitBytes: 1e9, usageBytes: 0 } },
    cloudBytes: () => undefined,
    localBytes: () => new Uint8Array(10),
    history: [],
    ledger,
    settled: true,
  };
}
