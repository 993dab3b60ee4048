import { colorOsNames } from './file-names.ts';
import { GOOGLE_PHOTOS, SIMULATED_DEBUG_BUILD_CLOUD, type BrandRecord } from './record.ts';

/** What the ColorOS gallery brings to each brand that ships it (OPPO, realme, OnePlus): backup only, for now. */
export const colorOsGallery = (pkg: string) =>
  ({
    fileNames: colorOsNames(pkg),
    gallery: { package: pkg, version: '15.8.12', skin: 'coloros', launchActivity: 'com.coloros.gallery3d.app.MainActivity' },
    googlePhotos: GOOGLE_PHOTOS,
    androidVersion: 14,
    twoWaySync: false,
    alsoDeleteFromCloudByDefault: false,
    localTrashDays: 30,
    defaultBackupAlbums: ['Camera'],
    selectors: 'drivers/selectors/coloros.yaml',
    customCloud: SIMULATED_DEBUG_BUILD_CLOUD,
  }) as const satisfies Omit<BrandRecord, 'name' | 'make' | 'models'>;
