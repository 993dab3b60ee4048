import { miuiNames } from './file-names.ts';
import { GOOGLE_PHOTOS, SIMULATED_DEBUG_BUILD_CLOUD, type BrandRecord } from './record.ts';

/** Xiaomi (MIUI / HyperOS Gallery): two-way sync with Google Photos since Gallery 3.6.2.10-global. */
export const xiaomi = {
  name: 'xiaomi',
  make: 'Xiaomi',
  models: ['Redmi Note 12', 'Xiaomi 14', 'Redmi Note 13 Pro', 'POCO F6'],
  fileNames: miuiNames,
  gallery: { package: 'com.miui.gallery', version: '3.6.2.10-global', minVersion: '3.6.2.10-global', skin: 'miui', launchActivity: 'com.miui.gallery.activity.HomePageStartupHelper2' },
  googlePhotos: GOOGLE_PHOTOS,
  androidVersion: 14,
  twoWaySync: true,
  alsoDeleteFromCloudByDefault: false,
  localTrashDays: 30,
  defaultBackupAlbums: ['Camera'],
  selectors: 'drivers/selectors/miui.yaml',
  customCloud: SIMULATED_DEBUG_BUILD_CLOUD,
} as const satisfies BrandRecord;
