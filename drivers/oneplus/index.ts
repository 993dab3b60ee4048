import { ColorOsGallery, colorOsSelectors } from '../coloros/index.ts';

/** OnePlus (OxygenOS 12+, the ColorOS gallery under its old package): com.oneplus.gallery. */
export class OnePlusGallery extends ColorOsGallery {}

export const oneplus = { brand: 'oneplus', packageName: 'com.oneplus.gallery', selectors: colorOsSelectors, Driver: OnePlusGallery } as const;
