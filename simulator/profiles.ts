import { BRAND_NAMES, BRANDS, type BrandName } from '../brands/index.ts';

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

/** The simulated phone of each brand, as its brand record (brands/) describes it. */
export const phoneProfiles: Readonly<Record<BrandName, PhoneProfile>> = Object.fromEntries(
  BRAND_NAMES.map((name): [BrandName, PhoneProfile] => {
    const brand = BRANDS[name];
    return [
      name,
      {
        brand: name,
        make: brand.make,
        models: brand.models,
        galleryPackage: brand.gallery.package,
        galleryVersion: brand.gallery.version,
        androidVersion: brand.androidVersion,
        twoWaySync: brand.twoWaySync,
        alsoDeleteFromCloudByDefault: brand.alsoDeleteFromCloudByDefault,
        localTrashDays: brand.localTrashDays,
        defaultBackupAlbums: brand.defaultBackupAlbums,
      },
    ];
  }),
) as Record<BrandName, PhoneProfile>;
