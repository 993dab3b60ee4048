import { fileURLToPath } from 'node:url';
import { AppiumGallery } from '../appium/appium-gallery.ts';
import { loadSelectors } from '../appium/selectors.ts';

/**
 * The ColorOS gallery that OPPO, realme and OnePlus ship. Its one flow of its own: "Move to album" sits under
 * the viewer's More menu, which opens straight onto the album picker here.
 */
export class ColorOsGallery extends AppiumGallery {}

export const colorOsSelectors = () => loadSelectors(fileURLToPath(new URL('./selectors.yaml', import.meta.url)));
