import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'webdriverio';
import { BRANDS, type BrandName } from '../brands/index.ts';
import { AppiumGallery } from './appium/appium-gallery.ts';
import { loadSelectors } from './appium/selectors.ts';
import type { NetworkControl } from './gallery-device.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Brands whose gallery flows differ from the common one in code, not only in selectors. None do yet: the MIUI and
 * ColorOS galleries differ in their selector files alone, so a brand is its record (brands/) plus that file.
 */
const customDrivers: Partial<Record<BrandName, typeof AppiumGallery>> = {};

/** The brand's gallery driver on an Appium session (a real phone or a simulated one: the driver cannot tell). */
export function connectGallery(browser: Browser, options: { brand: BrandName; name: string; twoWaySync: boolean; link: NetworkControl; uiWaitMs?: number }): Promise<AppiumGallery> {
  const brand = BRANDS[options.brand];
  const Driver = customDrivers[options.brand] ?? AppiumGallery;
  return Driver.connect(browser, { ...options, packageName: brand.gallery.package, selectors: loadSelectors(join(root, brand.selectors)) });
}

/** The selector file of a brand's driver, as its record names it (for `inspect` and `doctor`). */
export const selectorsOf = (brand: BrandName) => loadSelectors(join(root, BRANDS[brand].selectors));
