import { colorOsGallery } from './coloros.ts';
import type { BrandRecord } from './record.ts';

/** OnePlus (OxygenOS Photos: the ColorOS gallery under its own package, com.oneplus.gallery). */
export const oneplus = { name: 'oneplus', make: 'OnePlus', models: ['OnePlus 12', 'OnePlus 12R', 'OnePlus Nord 4'], ...colorOsGallery('com.oneplus.gallery') } as const satisfies BrandRecord;
