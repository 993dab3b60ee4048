import { existsSync } from 'node:fs';

/** Where an Android SDK with `platform-tools/adb` is: ANDROID_HOME / ANDROID_SDK_ROOT, else Debian's `adb` package. */
export function androidHome(env = process.env): string | undefined {
  for (const home of [env.ANDROID_HOME, env.ANDROID_SDK_ROOT, '/usr/lib/android-sdk']) if (home && existsSync(`${home}/platform-tools/adb`)) return home;
  return undefined;
}
