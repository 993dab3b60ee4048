import { logger } from '@appium/support';
import { ADB } from 'appium-adb';

// appium-adb logs every adb call at debug level into the worker's output; the harness wants its warnings only.
logger.getLogger('ADB').level = 'warn';

const clients = new Map<number, Promise<ADB>>();

/** appium-adb (the library the UiAutomator2 driver itself uses) on one device, behind the adb server at `port`. */
export async function adbFor(port: number, udid: string): Promise<ADB> {
  let client = clients.get(port);
  if (!client) {
    client = ADB.createADB({ adbPort: port });
    clients.set(port, client);
  }
  return (await client).clone({ udid });
}
