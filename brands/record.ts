import type { FileNames } from './file-names.ts';

/**
 * Everything gallery-sync knows of one brand, in one place: the phones (EXIF make, models, file names), the
 * gallery app (package, versions, the screens' skin), Google Photos beside it, what its sync can do, where the
 * brand driver's selectors are, and how a build can be pointed at a test cloud. The simulator, the simulated
 * Android device, the media generator and the brand drivers all read it from here.
 */
export interface BrandRecord {
  /** The brand's name in scenarios and options (`--brand xiaomi`). */
  readonly name: string;
  /** EXIF Make and `ro.product.manufacturer`, exactly as the brand writes it (note realme's lower case). */
  readonly make: string;
  readonly models: readonly string[];
  readonly fileNames: FileNames;
  readonly gallery: {
    readonly package: string;
    /** The version the simulated phones run (and the brand driver's selector file is written against). */
    readonly version: string;
    /** The oldest version with the Google Photos integration, where published (REFERENCE.md): `doctor` checks it. */
    readonly minVersion?: string;
    /** Whose screens: MIUI's gallery, or ColorOS's (OPPO, realme and OnePlus share it). */
    readonly skin: 'miui' | 'coloros';
    /** The main activity a launcher starts. */
    readonly launchActivity: string;
  };
  /** Google Photos on the same phone (the simulated phones report this version). */
  readonly googlePhotos: { readonly package: string; readonly version: string };
  /** The Android release of the simulated phones; the integration needs 11 or later. */
  readonly androidVersion: number;
  /** Cloud changes come back to the phone (Xiaomi today; the others "expected later"). */
  readonly twoWaySync: boolean;
  /** The delete dialog's "also delete from Google Photos" box starts ticked. */
  readonly alsoDeleteFromCloudByDefault: boolean;
  /** How long the gallery's own "Recently deleted" keeps an item. */
  readonly localTrashDays: number;
  /** Albums (buckets) backed up until the user picks others. */
  readonly defaultBackupAlbums: readonly string[];
  /** The brand driver's selector file, from the repository root (keyed by gallery version inside). */
  readonly selectors: string;
  /** How a build of this gallery can be pointed at a cloud other than Google's: what `run` needs on a real phone. */
  readonly customCloud: string;
}

export const MIN_ANDROID_VERSION = 11;
export const GOOGLE_PHOTOS = { package: 'com.google.android.apps.photos', version: '7.9.0.700123456' } as const;

/** A stock build talks to Google only; the simulated phones' debug build takes the endpoint by broadcast. */
export const SIMULATED_DEBUG_BUILD_CLOUD =
  'stock builds sync with Google only (observe the account through the Google Photos app or photos.google.com); the simulated debug build takes its endpoint, push URL and account from `am broadcast -a gallery_sync.SIGN_IN --es endpoint … --es push_url … --es email …`';
