import { oneplus } from './oneplus.ts';
import { oppo } from './oppo.ts';
import { realme } from './realme.ts';
import type { BrandRecord } from './record.ts';
import { xiaomi } from './xiaomi.ts';

/** Every brand gallery-sync knows, one record each (a fifth brand: its record here, and its selector file). */
export const BRANDS = { xiaomi, oppo, oneplus, realme } as const satisfies Record<string, BrandRecord>;

export type BrandName = keyof typeof BRANDS;
export const BRAND_NAMES = Object.keys(BRANDS) as BrandName[];

export function isBrandName(value: string): value is BrandName {
  return Object.hasOwn(BRANDS, value);
}

/** The brand whose phones report this manufacturer (`ro.product.manufacturer`, EXIF Make), if any. */
export function brandOfMake(make: string): BrandName | undefined {
  return BRAND_NAMES.find((name) => BRANDS[name].make.toLowerCase() === make.trim().toLowerCase());
}

export type { BrandRecord } from './record.ts';
export { MIN_ANDROID_VERSION } from './record.ts';
export type { CameraPrefix, FileNames, Stamp } from './file-names.ts';
