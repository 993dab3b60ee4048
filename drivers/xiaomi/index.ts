import { fileURLToPath } from 'node:url';
import { AppiumGallery } from '../appium/appium-gallery.ts';
import { loadSelectors } from '../appium/selectors.ts';

/** Xiaomi (MIUI / HyperOS) Gallery, com.miui.gallery: two-way sync with Google Photos. */
export class XiaomiGallery extends AppiumGallery {}

export const xiaomi = {
  brand: 'xiaomi',
  packageName: 'com.miui.gallery',
  selectors: () => loadSelectors(fileURLToPath(new URL('./selectors.yaml', import.meta.url))),
  Driver: XiaomiGallery,
} as const;
