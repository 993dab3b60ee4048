import { BRANDS, type BrandName } from '../fixtures/index.ts';

/** What the simulated phone of a brand is: its gallery app, its Android, and how its Google Photos integration behaves. */
export interface PhoneProfile {
  brand: BrandName;
  make: string;
  models: readonly string[];
  galleryPackage: string;
  galleryVersion: string;
  androidVersion: number;
  /** Cloud changes come back to the phone (Xiaomi today; the others "expected later"). */
  twoWaySync: boolean;
  /** Xiaomi's delete dialog has "also delete from cloud", unticked by default. */
  alsoDeleteFromCloudByDefault: boolean;
  /** How long the gallery's own "Recently deleted" keeps an item. */
  localTrashDays: number;
  /** Albums (buckets) backed up until the user picks others. */
  defaultBackupAlbums: readonly string[];
}

const colorOs = { twoWaySync: false, alsoDeleteFromCloudByDefault: false, localTrashDays: 30, defaultBackupAlbums: ['Camera'] } as const;

export const phoneProfiles: Readonly<Record<BrandName, PhoneProfile>> = {
  xiaomi: {
    brand: 'xiaomi',
    make: BRANDS.xiaomi.make,
    models: BRANDS.xiaomi.models,
    galleryPackage: 'com.miui.gallery',
    galleryVersion: '3.6.2.10-global',
    androidVersion: 14,
    twoWaySync: true,
    alsoDeleteFromCloudByDefault: false,
    localTrashDays: 30,
    defaultBackupAlbums: ['Camera'],
  },
  oppo: { brand: 'oppo', make: BRANDS.oppo.make, models: BRANDS.oppo.models, galleryPackage: 'com.coloros.gallery3d', galleryVersion: '15.8.12', androidVersion: 14, ...colorOs },
  oneplus: { brand: 'oneplus', make: BRANDS.oneplus.make, models: BRANDS.oneplus.models, galleryPackage: 'com.oneplus.gallery', galleryVersion: '15.8.12', androidVersion: 14, ...colorOs },
  realme: { brand: 'realme', make: BRANDS.realme.make, models: BRANDS.realme.models, galleryPackage: 'com.coloros.gallery3d', galleryVersion: '15.8.12', androidVersion: 14, ...colorOs },
};
