import type { GallerySettings } from '../../simulator/engine/host.ts';

/** The Google account signed in on the device, with the OAuth client the gallery uses. */
export type GoogleAccount = NonNullable<GallerySettings['account']>;

/**
 * The parts of Android beyond files and MediaStore that `adb shell` reaches on a full simulated device: the
 * activity manager (apps, instrumentation, broadcasts), the package manager, the clock and the accounts.
 */
export interface DeviceSystem {
  readonly packageName: string;
  /** The gallery's launcher activity (`cmd package resolve-activity`). */
  readonly launchActivity: string;
  now(): number;
  /** `cmd alarm set-time` / `date`: forward only on a simulated clock. */
  setTime(ms: number): void;
  /** The app in front: its package and activity (`dumpsys window`, `dumpsys activity`). */
  foreground(): { packageName: string; activity: string };
  startGallery(): void;
  stopGallery(): void;
  /** `pm clear <gallery>`. */
  clearGallery(): void;
  back(): void;
  /** The phone restarts: every app and Appium's UiAutomator2 server stop; the gallery's sync starts again on boot. */
  reboot(): void;
  home(): void;
  /** `am instrument -w … io.appium.uiautomator2.server.test/…`; resolves once the server listens. */
  startUiAutomator2(): Promise<void>;
  stopUiAutomator2(): Promise<void>;
  uiAutomator2Running(): boolean;
  /** The simulated debug build's sign-in broadcast: the account, and where its cloud and push channel are. */
  signIn(account: GoogleAccount, endpoint: string | undefined, pushUrl: string | undefined): void;
}
