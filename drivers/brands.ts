import type { Browser } from 'webdriverio';
import type { BrandName } from '../fixtures/index.ts';
import type { AppiumGallery } from './appium/appium-gallery.ts';
import type { NetworkControl } from './gallery-device.ts';
import { oneplus } from './oneplus/index.ts';
import { oppo } from './oppo/index.ts';
import { realme } from './realme/index.ts';
import { xiaomi } from './xiaomi/index.ts';

export const brandDrivers = { xiaomi, oppo, oneplus, realme } as const;

/** The brand's gallery driver on an Appium session (a real phone or a simulated one: the driver cannot tell). */
export function connectGallery(browser: Browser, options: { brand: BrandName; name: string; twoWaySync: boolean; link: NetworkControl; uiWaitMs?: number }): Promise<AppiumGallery> {
  const { Driver, packageName, selectors } = brandDrivers[options.brand];
  return Driver.connect(browser, { ...options, packageName, selectors: selectors() });
}
