import { errors } from '@appium/base-driver';
import type { GallerySimDriver } from '../driver.ts';
import { screenshotPng } from '../../../android/ui/screenshot.ts';

/** The app and the screen: back, activate / terminate, app state, screenshot, current activity. */
export const appCommands = {
  async back(this: GallerySimDriver): Promise<void> {
    this.session().ui.back();
  },

  async getScreenshot(this: GallerySimDriver): Promise<string> {
    return (await screenshotPng(this.session().ui.root())).toString('base64');
  },

  async activateApp(this: GallerySimDriver, appId: string): Promise<void> {
    const { ui } = this.session();
    requireGallery(this, appId);
    // Not only when stopped: after `back` on the home screen the process runs but the launcher is in front.
    ui.launch();
  },

  async terminateApp(this: GallerySimDriver, appId: string): Promise<boolean> {
    const { ui } = this.session();
    requireGallery(this, appId);
    if (!ui.running) return false;
    ui.terminate();
    return true;
  },

  /** 4 = running in foreground, 1 = not running (Appium's codes). */
  async queryAppState(this: GallerySimDriver, appId: string): Promise<0 | 1 | 2 | 3 | 4> {
    if (appId !== this.session().ui.skin.packageName) return 0;
    return this.session().ui.running ? 4 : 1;
  },

  async getCurrentActivity(this: GallerySimDriver): Promise<string> {
    return this.session().ui.activity;
  },

  async getCurrentPackage(this: GallerySimDriver): Promise<string> {
    const { ui } = this.session();
    return ui.running ? ui.skin.packageName : 'com.android.launcher3';
  },
};
export type AppCommands = typeof appCommands;

function requireGallery(driver: GallerySimDriver, appId: string): void {
  const pkg = driver.session().ui.skin.packageName;
  if (appId !== pkg) throw new errors.InvalidArgumentError(`gallerysim has one app, ${pkg}; '${appId}' is not installed`);
}
