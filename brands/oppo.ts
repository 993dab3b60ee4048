import { colorOsGallery } from './coloros.ts';
import type { BrandRecord } from './record.ts';

/** OPPO (ColorOS Photos, com.coloros.gallery3d). */
export const oppo = { name: 'oppo', make: 'OPPO', models: ['Find X7', 'Reno11', 'Reno11 F', 'A79 5G'], ...colorOsGallery('com.coloros.gallery3d') } as const satisfies BrandRecord;
