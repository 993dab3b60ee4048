import { ColorOsGallery, colorOsSelectors } from '../coloros/index.ts';

/** realme (realme UI, the ColorOS gallery): com.coloros.gallery3d. */
export class RealmeGallery extends ColorOsGallery {}

export const realme = { brand: 'realme', packageName: 'com.coloros.gallery3d', selectors: colorOsSelectors, Driver: RealmeGallery } as const;
