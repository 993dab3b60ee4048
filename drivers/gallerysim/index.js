// Appium imports this file; the driver is TypeScript run through tsx's loader, like the rest of gallery-sync.
import { register } from 'tsx/esm/api';

register();
const { GallerySimDriver } = await import('./driver.ts');
export { GallerySimDriver };
export default GallerySimDriver;
