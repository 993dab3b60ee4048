import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessChromium, waitTimeoutMs, type Browser, type HeadlessChromium } from '../../runtime/headless-chromium.testing.ts';
import { startTestCloud, type TestCloud } from '../test/harness.ts';
import { sampleLibrary, stateDump, type SampleLibrary } from '../test/sample-library.ts';

// The web view in headless Chromium, as a person browses it: clicking from the grid to an album, the trash and an
// item's page. One browser for the file; the cloud's state is compared before and after all the browsing.
let t: TestCloud;
let lib: SampleLibrary;
let chromium: HeadlessChromium;
let browser: Browser;
let before: string;
beforeAll(async () => {
  [t, chromium] = await Promise.all([startTestCloud(), startHeadlessChromium()]);
  browser = chromium.browser;
  lib = await sampleLibrary(t);
  before = stateDump(t.cloud);
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await t?.close();
});

/** Every image of the page once the browser has finished with it: how wide it decoded (0 = broken). */
async function loadedImages(): Promise<Array<{ src: string; naturalWidth: number }>> {
  await browser.waitUntil(() => browser.execute(() => [...document.images].every((img) => img.complete)), { timeout: waitTimeoutMs, timeoutMsg: 'images still loading' });
  return browser.execute(() => [...document.images].map((img) => ({ src: img.getAttribute('src') ?? '', naturalWidth: img.naturalWidth })));
}

const texts = (selector: string) => browser.$$(selector).map((el) => el.getText());

describe('the web view in Chromium', () => {
  it("shows the account's photos and videos as thumbnails that load, by day", async () => {
    await browser.url(`${t.url}/?account=${encodeURIComponent(lib.account)}`);
    expect(await browser.$$('figure[data-item]').length).toBe(lib.live.length);
    const images = await loadedImages();
    expect(images).toHaveLength(lib.live.length);
    for (const image of images) expect(image.naturalWidth, image.src).toBeGreaterThan(0);
    expect(await browser.$(`figure[data-item="${lib.video.id}"]`).getAttribute('data-video')).toBe('');
    expect((await texts('section.day h2')).slice(-2)).toEqual(['Mon, 02 Nov 2026', 'Sun, 01 Nov 2026']);
  });

  it('lists the accounts to choose from, and opens one', async () => {
    await browser.url(t.url);
    expect(await texts('tr[data-account] a')).toEqual([lib.otherAccount, lib.account]);
    await browser.$(`tr[data-account="${lib.otherAccount}"] a`).click();
    await browser.$('h1=Photos (1)').waitForExist();
    expect(await browser.$$('figure[data-item]').length).toBe(1);
  });

  it('opens the album from the albums page', async () => {
    await browser.url(`${t.url}/albums?account=${encodeURIComponent(lib.account)}`);
    expect(await texts('figure[data-album] figcaption b')).toEqual([lib.album.title]);
    await browser.$(`figure[data-album="${lib.album.id}"] a`).click();
    await browser.$(`h1*=${lib.album.title}`).waitForExist();
    const shown = await browser.$$('figure[data-item]').map((f) => f.getAttribute('data-item'));
    expect(shown).toEqual(lib.album.itemIds);
    for (const image of await loadedImages()) expect(image.naturalWidth, image.src).toBeGreaterThan(0);
  });

  it('shows the trashed photo in the trash with its days left', async () => {
    await browser.url(`${t.url}/?account=${encodeURIComponent(lib.account)}`);
    await browser.$('header nav').$('=Trash').click();
    await browser.$('h1*=Trash').waitForExist();
    expect(await browser.$$('figure[data-item]').map((f) => f.getAttribute('data-item'))).toEqual([lib.trashed.id]);
    expect(await browser.$('.days-left').getText()).toBe('50 days left');
    expect((await loadedImages())[0]?.naturalWidth).toBeGreaterThan(0);
  });

  it("opens an item's page from the grid, with its versions and its history", async () => {
    await browser.url(`${t.url}/?account=${encodeURIComponent(lib.account)}`);
    await browser.$(`figure[data-item="${lib.edited.id}"] a`).click();
    await browser.$('table.versions').waitForExist();
    expect(await browser.$('h1').getText()).toBe(lib.edited.filename);
    expect(await browser.$$('tr[data-version]').map((r) => r.getAttribute('data-version'))).toEqual(['2', '1']);
    expect(await browser.$('tr[data-version="2"]').getText()).toContain('(current)');
    expect(await browser.$$('tr[data-change]').map((r) => r.getAttribute('data-change'))).toContain('MEDIA_ITEM_UPDATED');
    const images = await loadedImages();
    expect(images).toHaveLength(3); // the preview and one thumbnail per version
    for (const image of images) expect(image.naturalWidth, image.src).toBeGreaterThan(0);
  });

  it('changed nothing in the cloud while the browser looked (no favicon request, no audit row, no write)', () => {
    expect(stateDump(t.cloud)).toBe(before);
  });
});
