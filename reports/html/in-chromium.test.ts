import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessChromium, waitTimeoutMs, type Browser, type HeadlessChromium } from '../../runtime/headless-chromium.testing.ts';
import type { ResultsFile } from './report.ts';

// The HTML report of a failing simulate, clicked in headless Chromium: the matrix filters, the failures-only
// switch, a filmstrip frame opening, the copy button. The batch: one scenario with a known bug on the 4 brands × 2 seeds, where Xiaomi's two
// runs pass and the other six fail.
const scenario = 'response lost after commit leaves no duplicate';
const bin = new URL('../../bin/gallery-sync.js', import.meta.url).pathname;
let out: string;
let results: ResultsFile;
let chromium: HeadlessChromium;
let browser: Browser;
let reportUrl: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'gallery-sync-report-'));
  const simulate = promisify(execFile)(process.execPath, [bin, 'simulate', scenario, '--bug', 'duplicate-on-retry', '--runs', '2', '--out', out], { timeout: 60_000 }).catch(
    (error: { code?: number; stderr?: string }) => {
      if (error.code !== 1) throw new Error(`simulate should fail with exit 1, got ${error.code}: ${error.stderr}`);
    },
  );
  [chromium] = await Promise.all([startHeadlessChromium(), simulate]);
  browser = chromium.browser;
  results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  reportUrl = pathToFileURL(join(out, 'index.html')).href;
}, 90_000);
afterAll(async () => {
  await chromium?.close();
  rmSync(out, { recursive: true, force: true });
});

/** The runs the page shows now, as brand/seed/verdict. */
const shownRuns = () =>
  browser.execute(() => [...document.querySelectorAll<HTMLElement>('[data-run]')].filter((el) => el.offsetParent !== null).map((el) => `${el.dataset.brand} ${el.dataset.verdict}`).sort());
const expectedRuns = (keep: (r: ResultsFile['results'][number]) => boolean) => results.results.filter(keep).map((r) => `${r.brand} ${r.verdict}`).sort();

describe('the HTML report in Chromium', () => {
  it('is the batch we meant: six failures and two passes', () => {
    expect(results.results.map((r) => `${r.brand} ${r.verdict}`)).toEqual(['xiaomi pass', 'xiaomi pass', 'oppo fail', 'oppo fail', 'oneplus fail', 'oneplus fail', 'realme fail', 'realme fail']);
  });

  it("clicking a failing matrix cell shows that cell's runs only", async () => {
    await browser.url(reportUrl);
    expect(await shownRuns()).toEqual(expectedRuns((r) => r.verdict === 'fail'));
    await browser.$(`td.cell[data-brand="oneplus"][data-scenario="${scenario}"]`).click();
    expect(await shownRuns()).toEqual(expectedRuns((r) => r.brand === 'oneplus'));
    expect(await browser.$('#brand').getValue()).toBe('oneplus');
  });

  it("clicking a passing cell shows its passes, which the failures-only view hides", async () => {
    await browser.url(reportUrl);
    await browser.$(`td.cell.pass[data-brand="xiaomi"]`).click();
    expect(await browser.$('#only-failures').isSelected()).toBe(false);
    expect(await shownRuns()).toEqual(expectedRuns((r) => r.brand === 'xiaomi'));
  });

  it('the failures-only switch hides the passes and shows them again', async () => {
    await browser.url(reportUrl);
    const onlyFailures = browser.$('#only-failures');
    expect(await onlyFailures.isSelected()).toBe(true);
    expect(await browser.$('#passes').isDisplayed()).toBe(false);
    await onlyFailures.click();
    expect(await shownRuns()).toEqual(expectedRuns(() => true));
    expect(await browser.$('#passes').isDisplayed()).toBe(true);
    await onlyFailures.click();
    expect(await shownRuns()).toEqual(expectedRuns((r) => r.verdict === 'fail'));
  });

  it("a frame of a failure's filmstrip opens large in the page, and closes", async () => {
    await browser.url(reportUrl);
    const run = browser.$('article.run.fail[data-brand="oppo"]');
    expect(await run.$$('a[data-frame]').length).toBeGreaterThan(1);
    const failedFrame = run.$('a[data-frame].failed');
    const title = await failedFrame.getAttribute('title');
    await failedFrame.click();
    const viewer = browser.$('dialog#frame-view');
    await viewer.waitForDisplayed();
    expect(await browser.getUrl()).toBe(reportUrl); // opened in the page, not by following the link to the PNG
    expect(await viewer.$('figcaption').getText()).toBe(title);
    await browser.waitUntil(() => browser.execute(() => document.querySelector<HTMLImageElement>('dialog#frame-view img')?.complete === true), { timeout: waitTimeoutMs });
    const shown = await browser.execute(() => document.querySelector<HTMLImageElement>('dialog#frame-view img')?.naturalWidth ?? 0);
    expect(shown).toBeGreaterThan(0);
    await viewer.$('button.close').click();
    await viewer.waitForDisplayed({ reverse: true });
  });

  it('the copy button puts the replay command on the clipboard and says so', async () => {
    await browser.url(reportUrl);
    await browser.setPermissions({ name: 'clipboard-read' }, 'granted');
    await browser.setPermissions({ name: 'clipboard-write' }, 'granted');
    const run = browser.$('article.run.fail[data-brand="realme"]');
    const button = run.$('button.copy');
    await button.click();
    await browser.waitUntil(async () => (await button.getText()) === 'copied', { timeout: waitTimeoutMs, timeoutMsg: 'the button never said "copied"' });
    const clipboard = await browser.executeAsync((done: (text: string) => void) => void navigator.clipboard.readText().then(done, (error: unknown) => done(`unreadable: ${String(error)}`)));
    const replay = results.results.find((r) => r.brand === 'realme' && r.verdict === 'fail')?.replay;
    expect(clipboard).toBe(await run.$('.replay code').getText());
    expect(clipboard).toBe(replay);
    expect(clipboard).toMatch(/^npx gallery-sync simulate ".+" --brand realme --seed 1 --bug duplicate-on-retry$/);
  });
});
