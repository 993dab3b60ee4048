import { colorOsGallery } from './coloros.ts';
import type { BrandRecord } from './record.ts';

/** realme (realme UI: the ColorOS gallery, com.coloros.gallery3d). */
export const realme = { name: 'realme', make: 'realme', models: ['realme GT 6', 'realme 12 Pro+', 'realme C67'], ...colorOsGallery('com.coloros.gallery3d') } as const satisfies BrandRecord;
