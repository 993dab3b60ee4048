import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remote } from 'webdriverio';

/**
 * Headless Chromium for the tests that click real pages (the HTML report, the fake cloud's web view), driven by
 * the WebdriverIO we already ship. Debian's `chromium` and `chromium-driver` (installed by `.ci/run`): nothing is
 * downloaded. One browser per test file; `close()` ends the session (and chromedriver) and removes the profile.
 */
export const chromiumBinary = '/usr/bin/chromium';
export const chromedriverBinary = '/usr/bin/chromedriver';

/** The flags that work in this container (no sandbox, no GPU, nothing that calls Google in the background). */
const launchFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--window-size=1280,900',
];

/** A bound on every wait, so a page that never shows what a test waits for fails the test instead of hanging it. */
export const waitTimeoutMs = 10_000;

export type Browser = WebdriverIO.Browser;

export interface HeadlessChromium {
  browser: Browser;
  close(): Promise<void>;
}

export async function startHeadlessChromium(): Promise<HeadlessChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'gallery-sync-chromium-'));
  let browser: Browser;
  try {
    browser = await remote({
      logLevel: 'warn',
      waitforTimeout: waitTimeoutMs,
      connectionRetryTimeout: 30_000,
      connectionRetryCount: 0,
      capabilities: {
        browserName: 'chrome',
        // Classic WebDriver: the tests need no BiDi, and it is one socket fewer to set up per session.
        'wdio:enforceWebDriverClassic': true,
        'goog:chromeOptions': { binary: chromiumBinary, args: [...launchFlags, `--user-data-dir=${profile}`] },
        'wdio:chromedriverOptions': { binary: chromedriverBinary },
      },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`headless Chromium did not start (${chromiumBinary} with ${chromedriverBinary}; .ci/run installs both): ${(error as Error).message}`);
  }
  return {
    browser,
    close: async () => {
      try {
        await browser.deleteSession();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
