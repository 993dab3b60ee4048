import { errors } from '@appium/base-driver';
import type { GallerySimDriver } from '../driver.ts';
import { DeviceArgumentError, RemoteFileNotFoundError } from '../../../android/device/errors.ts';

/** UiAutomator2's device commands, under their names: files, shell, connectivity. */
export const deviceCommands = {
  async pushFile(this: GallerySimDriver, remotePath: string, base64Data: string): Promise<void> {
    deviceCall(() => this.session().device.pushFile(remotePath, base64Data));
  },

  async pullFile(this: GallerySimDriver, remotePath: string): Promise<string> {
    return deviceCall(() => this.session().device.pullFile(remotePath));
  },

  async mobileDeleteFile(this: GallerySimDriver, remotePath: string): Promise<boolean> {
    return deviceCall(() => this.session().device.deleteFile(remotePath));
  },

  /** Like UiAutomator2, shell access is an insecure feature the server must allow (`--allow-insecure=gallerysim:adb_shell`). */
  async mobileShell(this: GallerySimDriver, command: string, args: string[] = []): Promise<string> {
    this.assertFeatureEnabled('adb_shell');
    return deviceCall(() => this.session().device.shell(command, Array.isArray(args) ? args.map(String) : [String(args)]));
  },

  async mobileSetConnectivity(this: GallerySimDriver, wifi?: boolean, data?: boolean, airplaneMode?: boolean): Promise<void> {
    deviceCall(() => this.session().device.setConnectivity({ ...(wifi === undefined ? {} : { wifi }), ...(data === undefined ? {} : { data }), ...(airplaneMode === undefined ? {} : { airplaneMode }) }));
  },

  async mobileGetConnectivity(this: GallerySimDriver, services?: string[] | string) {
    return deviceCall(() => this.session().device.getConnectivity(services === undefined ? undefined : Array.isArray(services) ? services : [services]));
  },
};
export type DeviceCommands = typeof deviceCommands;

/**
 * The device layer throws its own error kinds (device/errors.ts); clients get Appium's: a bad argument or a missing
 * remote file is InvalidArgumentError (as UiAutomator2 answers), anything else (a failed or unsupported shell
 * command) UnknownError.
 */
function deviceCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof DeviceArgumentError || error instanceof RemoteFileNotFoundError) throw new errors.InvalidArgumentError(message);
    throw new errors.UnknownError(message);
  }
}
