import type { BrandName } from '../fixtures/index.ts';
import type { BugProfile } from '../simulator/bugs.ts';
import { AdbServer } from './adb/server.ts';
import { SimAndroidPhone } from './sim-phone.ts';

export interface DeviceFarmOptions {
  /** Phones per brand. */
  phones: number;
  brands: readonly BrandName[];
  seed: number;
  bugs: readonly BugProfile[];
  timeScale: number;
  /** Where the adb server listens: 5037 is where every adb client looks first. */
  adbPort: number;
  /** The gallery build on the phones, by brand (default: the brand record's version). */
  galleryVersions?: Partial<Record<BrandName, string>>;
}

/** Emulator-style serials: emulator-5554, -5556, … (an emulator's console port; adb's own numbering). */
export const emulatorSerial = (index: number) => `emulator-${5554 + 2 * index}`;

/**
 * Simulated phones as Android devices behind one adb server on a real port: what `gallery-sync devices` serves
 * and what `run` starts for its workers. Each brand gets `phones` devices, serials in brand order.
 */
export class DeviceFarm {
  readonly phones: SimAndroidPhone[] = [];
  port = 0;

  private constructor(readonly adb: AdbServer) {}

  static async start(options: DeviceFarmOptions): Promise<DeviceFarm> {
    const farm = new DeviceFarm(new AdbServer());
    let index = 0;
    for (const brand of options.brands) {
      for (let i = 0; i < options.phones; i++) {
        const galleryVersion = options.galleryVersions?.[brand];
        const phone = new SimAndroidPhone({ serial: emulatorSerial(index++), brand, seed: options.seed + i, bugs: options.bugs, timeScale: options.timeScale, ...(galleryVersion ? { galleryVersion } : {}) });
        farm.phones.push(phone);
        farm.adb.add(phone);
      }
    }
    try {
      farm.port = await farm.adb.listen(options.adbPort);
    } catch (error) {
      await farm.close();
      throw error;
    }
    return farm;
  }

  byBrand(brand: BrandName): SimAndroidPhone[] {
    return this.phones.filter((p) => p.options.brand === brand);
  }

  async close(): Promise<void> {
    await this.adb.close();
    for (const phone of this.phones) await phone.close();
  }
}
