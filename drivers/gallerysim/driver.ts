import { BaseDriver, errors } from '@appium/base-driver';
import { appCommands, type AppCommands } from './commands/app.ts';
import { deviceCommands, type DeviceCommands } from './commands/device.ts';
import { diagnosticCommands, type DiagnosticCommands } from './commands/diagnostics.ts';
import { elementCommands, type ElementCommands } from './commands/element.ts';
import { findCommands, type FindCommands } from './commands/find.ts';
import type { Element } from '@appium/types';
import { pageSource } from '../../android/ui/page-source.ts';
import { SimSession, simCapabilities } from './session.ts';

const capConstraints = {
  platformName: { presence: true, isString: true, inclusionCaseInsensitive: ['Android'] },
  brand: { presence: true, isString: true },
  cloudUrl: { presence: true, isString: true },
  deviceName: { isString: true },
  model: { isString: true },
  seed: { isNumber: true },
  bugs: { isArray: true },
  googleAccount: { isObject: true },
  timeScale: { isNumber: true },
  clockMs: { isNumber: true },
  pushUrl: { isString: true },
} as const;
type Caps = typeof capConstraints;

/**
 * An Appium 3 driver whose device is a simulated gallery phone (gallery-sync's simulator): the brand's gallery UI
 * as an Android view hierarchy, and the device commands of UiAutomator2 under their UiAutomator2 names, so a brand
 * driver cannot tell it from a real phone. Commands live in ./commands, one file per area.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- Appium's mixin pattern: the interface below types the command files assigned to the prototype
export class GallerySimDriver extends BaseDriver<Caps> {
  static executeMethodMap = {
    'mobile: shell': { command: 'mobileShell', params: { required: ['command'], optional: ['args', 'timeout', 'includeStderr'] } },
    'mobile: setConnectivity': { command: 'mobileSetConnectivity', params: { optional: ['wifi', 'data', 'airplaneMode'] } },
    'mobile: getConnectivity': { command: 'mobileGetConnectivity', params: { optional: ['services'] } },
    'mobile: deleteFile': { command: 'mobileDeleteFile', params: { required: ['remotePath'] } },
    'mobile: galleryState': { command: 'mobileGalleryState' },
    'mobile: advanceClock': { command: 'mobileAdvanceClock', params: { required: ['ms'] } },
  } as const;

  sim: SimSession | undefined;
  /** WebDriver element id → the node's stable key in the current screen. */
  readonly elementKeys = new Map<string, string>();

  constructor(opts = {} as ConstructorParameters<typeof BaseDriver<Caps>>[0], shouldValidateCaps = true) {
    super(opts, shouldValidateCaps);
    this.desiredCapConstraints = capConstraints;
    this.locatorStrategies = ['id', 'accessibility id', 'xpath', 'class name', '-android uiautomator'];
  }

  override async createSession(...args: Parameters<BaseDriver<Caps>['createSession']>) {
    const created = await super.createSession(...args);
    const parsed = simCapabilities.safeParse(this.caps);
    if (!parsed.success) {
      await super.deleteSession();
      const issue = parsed.error.issues[0];
      throw new errors.SessionNotCreatedError(`gallerysim: capability appium:${issue?.path.join('.')}: ${issue?.message}`);
    }
    this.sim = new SimSession(parsed.data);
    return created;
  }

  override async deleteSession(sessionId?: string | null) {
    this.sim?.close();
    this.sim = undefined;
    this.elementKeys.clear();
    await super.deleteSession(sessionId ?? undefined);
  }

  /** The live session's phone; a command outside a session is Appium's NoSuchDriver. */
  session(): SimSession {
    if (!this.sim) throw new errors.NoSuchDriverError('no gallerysim session is running');
    return this.sim;
  }

  override async findElOrEls(strategy: string, selector: string, mult: true, context?: string): Promise<Element[]>;
  override async findElOrEls(strategy: string, selector: string, mult: false, context?: string): Promise<Element>;
  override async findElOrEls(strategy: string, selector: string, mult: boolean, context?: string): Promise<Element | Element[]> {
    this.validateLocatorStrategy(strategy);
    const found = await this.findNodesFor(strategy, selector, context);
    if (mult) return found;
    if (!found[0]) throw new errors.NoSuchElementError(`no element on ${this.session().ui.activity} matches ${strategy} '${selector}'`);
    return found[0];
  }

  override async getPageSource(): Promise<string> {
    return pageSource(this.session().ui.root());
  }

  async execute(script: string, args: unknown[]) {
    return await this.executeMethod(script, args as [Record<string, unknown>]);
  }
}

// Appium's pattern: commands written per area and mixed into the one driver class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the class
export interface GallerySimDriver extends FindCommands, ElementCommands, AppCommands, DeviceCommands, DiagnosticCommands {}
Object.assign(GallerySimDriver.prototype, findCommands, elementCommands, appCommands, deviceCommands, diagnosticCommands);
