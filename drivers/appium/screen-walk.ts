import type { Browser } from 'webdriverio';
import { AppUi } from './app-ui.ts';
import { toLocator, type SelectorName, type Selectors } from './selectors.ts';

/**
 * The gallery screens a brand driver uses, as data: how to reach each one from the albums screen (selectors to
 * tap) and which selectors must resolve there. `inspect` walks them on a phone to see which selectors of the
 * brand's file still hold on its gallery version. Fills: the album and photo the walk prepares.
 */
/** A step of a path that goes back to the albums screen (after a dialog closed onto another screen). */
export const HOME = 'home' as const;

export interface ScreenVisit {
  screen: string;
  /** Taps from the albums screen, in order (HOME: back to it). */
  path: Array<SelectorName | typeof HOME>;
  expect: SelectorName[];
  /** Selectors that only show in a state the walk does not make (named, with the reason, as not checked). */
  notChecked?: Partial<Record<SelectorName, string>>;
}

export const screenWalk: readonly ScreenVisit[] = [
  { screen: 'albums', path: [], expect: ['home.marker', 'home.settings', 'home.albumTile', 'home.trashTile'] },
  { screen: 'album', path: ['home.albumTile'], expect: ['album.thumbnail'] },
  { screen: 'photo', path: ['home.albumTile', 'album.thumbnail'], expect: ['photo.edit', 'photo.delete', 'photo.move'] },
  { screen: 'editor', path: ['home.albumTile', 'album.thumbnail', 'photo.edit'], expect: ['editor.rotate', 'editor.save'] },
  { screen: 'move-to-album', path: ['home.albumTile', 'album.thumbnail', 'photo.move'], expect: ['move.newName', 'move.ok'], notChecked: { 'move.target': 'lists other albums; the walk has only the camera album' } },
  { screen: 'delete-dialog', path: ['home.albumTile', 'album.thumbnail', 'photo.delete'], expect: ['delete.checkbox', 'delete.confirm'] },
  { screen: 'settings', path: ['home.settings'], expect: ['settings.backupBanner', 'settings.hiddenAlbums'] },
  {
    screen: 'backup-settings',
    path: ['home.settings', 'settings.backupBanner'],
    expect: ['backup.switch', 'backup.wifiOnly', 'backup.chooseAlbums', 'backup.status', 'backup.reviewUnsynced'],
    notChecked: { 'backup.progress': 'shows only while a backup runs', 'consent.confirm': 'shows only when backup is turned on (the walk changes no setting)', 'unsynced.name': 'lists unsynced items only', 'unsynced.reason': 'lists unsynced items only' },
  },
  { screen: 'backup-albums', path: ['home.settings', 'settings.backupBanner', 'backup.chooseAlbums'], expect: ['albums.choices'] },
  { screen: 'hidden-albums', path: ['home.settings', 'settings.hiddenAlbums'], expect: ['hidden.choices', 'hidden.choice'] },
  // Last, as it changes the phone: the walk's own photo is deleted (backup is off: nothing leaves the phone).
  { screen: 'trash', path: ['home.albumTile', 'album.thumbnail', 'photo.delete', 'delete.confirm', HOME, 'home.trashTile'], expect: ['trash.item'] },
  { screen: 'trash-item', path: ['home.trashTile', 'trash.item'], expect: ['trash.restore'] },
];

export interface ScreenResult {
  screen: string;
  /** Undefined when the screen was reached; else the selector on the way that did not resolve. */
  unreachable?: SelectorName | typeof HOME;
  found: SelectorName[];
  broken: SelectorName[];
  source?: string;
  screenshot?: string;
}

/** Walks the screens on a session, starting each from the albums screen; the photo to open is `photo` in `album`. */
export async function walkScreens(browser: Browser, packageName: string, selectors: Selectors, fill: { album: string; name: string }): Promise<ScreenResult[]> {
  const ui = new AppUi(browser, selectors, 2_000);
  const results: ScreenResult[] = [];
  for (const visit of screenWalk) {
    await home(browser, ui, packageName);
    const result: ScreenResult = { screen: visit.screen, found: [], broken: [] };
    for (const step of visit.path) {
      if (step === HOME) {
        await home(browser, ui, packageName);
        continue;
      }
      if (!(await ui.exists(step, fill))) {
        result.unreachable = step;
        break;
      }
      await ui.tap(step, fill);
    }
    if (!result.unreachable) {
      for (const name of visit.expect) ((await ui.exists(name, fill)) ? result.found : result.broken).push(name);
      result.source = await browser.getPageSource();
      result.screenshot = await browser.takeScreenshot();
    }
    results.push(result);
  }
  await home(browser, ui, packageName);
  return results;
}

/** Back to the albums screen: back presses, then a fresh launch if that does not get there. */
async function home(browser: Browser, ui: AppUi, packageName: string): Promise<void> {
  for (let presses = 0; presses < 5; presses++) {
    if (await ui.exists('home.marker')) return;
    if (presses === 2) await browser.activateApp(packageName);
    else await browser.back();
  }
}

/** The resource ids a screen's page source holds. */
export function resourceIds(source: string): string[] {
  return [...new Set([...source.matchAll(/resource-id="([^"]+)"/g)].map((m) => m[1] as string))];
}

/**
 * A replacement for a selector that no longer resolves: the same selector with its resource id swapped for the
 * screen's unclaimed id sharing the most words with it (`google_backup_switch` → `gphotos_backup_switch`);
 * undefined when no id on the screen shares a word.
 */
export function suggestReplacement(selector: string, unclaimedIds: readonly string[]): string | undefined {
  const value = toLocator(selector, { album: '{album}', name: '{name}' }).value;
  // A full id (`com.miui.gallery:id/x`), or the short form UiAutomator2 completes with the app's package (`id=x`).
  const idInSelector = /([\w.]+:id\/\w+)/.exec(value)?.[1] ?? (selector.startsWith('id=') ? value : undefined);
  if (!idInSelector) return undefined;
  const words = (id: string) => (id.split('/').at(-1) ?? '').split('_');
  const wanted = words(idInSelector);
  // Words shared (a word and its stem alike: recycle ~ recycled); the last word (what the view is: switch, edit,
  // restore) counts double.
  const alike = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));
  const last = wanted.at(-1) ?? '';
  const score = (id: string) => words(id).reduce((sum, word) => sum + (alike(word, last) ? 2 : wanted.some((w) => alike(w, word)) ? 1 : 0), 0);
  let best: { id: string; score: number } | undefined;
  for (const id of unclaimedIds) {
    const candidate = score(id);
    if (candidate > 0 && (!best || candidate > best.score)) best = { id, score: candidate };
  }
  if (!best) return undefined;
  return selector.replace(idInSelector, idInSelector.includes(':id/') ? best.id : (best.id.split('/').at(-1) ?? best.id));
}
