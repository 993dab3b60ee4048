import { ColorOsGallery, colorOsSelectors } from '../coloros/index.ts';

/** OPPO (ColorOS): com.coloros.gallery3d. */
export class OppoGallery extends ColorOsGallery {}

export const oppo = { brand: 'oppo', packageName: 'com.coloros.gallery3d', selectors: colorOsSelectors, Driver: OppoGallery } as const;
