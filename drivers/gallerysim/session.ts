import { z } from 'zod';
import { BRANDS, type BrandName } from '../../fixtures/index.ts';
import { PacedClock } from '../../runtime/paced-clock.ts';
import { createRng } from '../../runtime/rng.ts';
import { bugProfiles, type BugProfile } from '../../simulator/bugs.ts';
import { Phone } from '../../simulator/device/phone.ts';
import { History } from '../../simulator/history.ts';
import { httpCloud } from '../../simulator/transport.ts';
import { PushChannel } from '../../android/push.ts';
import { AndroidDevice } from '../../android/device/android-device.ts';
import { GalleryUi } from '../../android/ui/app.ts';
import { skins } from '../../android/ui/skin.ts';

/** The `appium:` capabilities a gallerysim session reads (Appium strips the prefix before we see them). */
export const simCapabilities = z.object({
  brand: z.enum(Object.keys(BRANDS) as [BrandName, ...BrandName[]]),
  cloudUrl: z.string().url(),
  deviceName: z.string().min(1).default('phone'),
  model: z.string().optional(),
  seed: z.number().int().default(1),
  bugs: z.array(z.enum(Object.keys(bugProfiles) as [BugProfile, ...BugProfile[]])).default([]),
  /** The Google account signed in on the phone: what the backup consent screen offers. */
  googleAccount: z.object({ email: z.string(), clientId: z.string(), clientSecret: z.string(), refreshToken: z.string() }).optional(),
  /** How many times faster than the wall clock the phone's time runs (1 = real time). */
  timeScale: z.number().positive().default(1),
  /** The fake cloud's own URL for push (its `/__admin/changes` long poll); without it, no pushes. */
  pushUrl: z.string().url().optional(),
  /** The phone's date at session start, ms since the epoch (default: now). */
  clockMs: z.number().optional(),
});
export type SimCapabilities = z.infer<typeof simCapabilities>;

/** One simulated phone behind a session: its clock, the phone, its adb-facing side, and its gallery's UI. */
export class SimSession {
  readonly clock: PacedClock;
  readonly history: History;
  readonly phone: Phone;
  readonly device: AndroidDevice;
  readonly ui: GalleryUi;
  private readonly push: PushChannel | undefined;

  constructor(readonly caps: SimCapabilities) {
    this.clock = new PacedClock(caps.timeScale, caps.clockMs);
    this.history = new History(this.clock);
    this.phone = new Phone({
      name: caps.deviceName,
      brand: caps.brand,
      ...(caps.model ? { model: caps.model } : {}),
      bugs: caps.bugs,
      cloud: httpCloud((work) => work),
      baseUrl: caps.cloudUrl.replace(/\/+$/, ''),
      world: { clock: this.clock, rng: createRng(caps.seed) },
      history: this.history,
    });
    this.device = new AndroidDevice(this.phone);
    this.ui = new GalleryUi(this.phone, skins[caps.brand], caps.googleAccount);
    this.ui.launch();
    if (caps.pushUrl && caps.googleAccount) this.push = new PushChannel(this.phone, (request) => fetch(request), caps.pushUrl.replace(/\/+$/, ''), caps.googleAccount.email, 2_000 * caps.timeScale);
  }

  close(): void {
    this.push?.stop();
    this.phone.killApp();
    this.clock.stop();
  }
}
