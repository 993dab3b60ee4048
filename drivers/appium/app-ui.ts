import type { Browser } from 'webdriverio';
import { toLocator, type SelectorName, type Selectors } from './selectors.ts';

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/**
 * The gallery app's screen as a brand driver touches it: find, tap, read, by selector name. It speaks raw W3C
 * commands (findElements, elementClick…) so WebdriverIO's selector guessing (a name ending in `.jpg` taken for an
 * image file) never applies, and waits briefly for a view to appear, as a real phone's UI needs.
 */
export class AppUi {
  constructor(
    readonly browser: Browser,
    readonly selectors: Selectors,
    private readonly waitMs = 5_000,
  ) {}

  async all(name: SelectorName, fill?: Record<string, string>): Promise<string[]> {
    const { using, value } = toLocator(this.selectors[name], fill);
    const found = (await this.browser.findElements(using, value)) as unknown as Array<Record<string, string>>;
    return found.map((e) => e[ELEMENT_KEY] as string);
  }

  async exists(name: SelectorName, fill?: Record<string, string>): Promise<boolean> {
    return (await this.all(name, fill)).length > 0;
  }

  /** The first matching view, waiting up to the UI timeout for it to appear. */
  async find(name: SelectorName, fill?: Record<string, string>): Promise<string> {
    const deadline = performance.now() + this.waitMs;
    for (;;) {
      const [first] = await this.all(name, fill);
      if (first) return first;
      if (performance.now() > deadline) {
        const activity = await this.browser.getCurrentActivity().catch(() => 'an unknown screen');
        throw new Error(`${name} (${toLocator(this.selectors[name], fill).value}) is not on ${activity} after ${this.waitMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async tap(name: SelectorName, fill?: Record<string, string>): Promise<void> {
    await this.browser.elementClick(await this.find(name, fill));
  }

  async type(name: SelectorName, text: string): Promise<void> {
    await this.browser.elementSendKeys(await this.find(name), text);
  }

  async text(element: string): Promise<string> {
    return this.browser.getElementText(element);
  }

  async checked(element: string): Promise<boolean> {
    return (await this.browser.getElementAttribute(element, 'checked')) === 'true';
  }

  /** Makes a switch or checkbox show `on`. */
  async setChecked(name: SelectorName, on: boolean, fill?: Record<string, string>): Promise<void> {
    const element = await this.find(name, fill);
    if ((await this.checked(element)) !== on) await this.browser.elementClick(element);
  }
}
