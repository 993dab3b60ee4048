import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * A brand's selectors are data: a YAML file keyed by gallery app version, so QA can fix a selector after an app
 * update without touching code. `default` holds the full set; a version entry overrides only what changed.
 * A selector is written as WebdriverIO writes them: `id=…`, `~content-desc`, `//xpath`, `android=new UiSelector()…`,
 * `class=…`; `{album}` / `{name}` are filled in at use.
 */
export const selectorNames = [
  'home.marker',
  'home.settings',
  'home.albumTile',
  'home.trashTile',
  'album.thumbnail',
  'photo.edit',
  'photo.delete',
  'photo.move',
  'editor.rotate',
  'editor.save',
  'move.target',
  'move.newName',
  'move.ok',
  'delete.checkbox',
  'delete.confirm',
  'trash.item',
  'trash.restore',
  'settings.backupBanner',
  'settings.hiddenAlbums',
  'backup.switch',
  'backup.wifiOnly',
  'backup.chooseAlbums',
  'backup.status',
  'backup.progress',
  'backup.reviewUnsynced',
  'consent.confirm',
  'albums.choices',
  'hidden.choice',
  'hidden.choices',
  'unsynced.name',
  'unsynced.reason',
] as const;
export type SelectorName = (typeof selectorNames)[number];
export type Selectors = Record<SelectorName, string>;

const fullSet = z.object(Object.fromEntries(selectorNames.map((n) => [n, z.string().min(1)])) as Record<SelectorName, z.ZodString>).strict();
const selectorFile = z
  .object({ checkedAgainst: z.array(z.string()), default: fullSet })
  .catchall(fullSet.partial());

export interface SelectorBook {
  /** Real app versions these selectors were checked on (an honest empty list until someone does). */
  checkedAgainst: string[];
  versions: string[];
  /** The selectors for an app version: its own entries over `default`. */
  forVersion(version: string | undefined): Selectors;
  /** Which entry of the file applies to an app version: its own, or `default`. */
  entryFor(version: string | undefined): string;
}

export function loadSelectors(file: string): SelectorBook {
  const parsed = selectorFile.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(top)'}: ${issue?.message}`);
  }
  const { checkedAgainst, default: defaults, ...versions } = parsed.data;
  return {
    checkedAgainst,
    versions: Object.keys(versions),
    forVersion: (version) => ({ ...defaults, ...(version ? (versions[version] as Partial<Selectors> | undefined) : undefined) }),
    entryFor: (version) => (version && Object.hasOwn(versions, version) ? version : 'default'),
  };
}

export interface Locator {
  using: 'id' | 'accessibility id' | 'xpath' | '-android uiautomator' | 'class name';
  value: string;
}

/** A WebdriverIO-style selector string → the W3C strategy and value sent to Appium. */
export function toLocator(selector: string, fill: Record<string, string> = {}): Locator {
  const value = selector.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const replacement = fill[key];
    if (replacement === undefined) throw new Error(`selector ${selector} needs {${key}}`);
    return replacement;
  });
  if (value.startsWith('id=')) return { using: 'id', value: value.slice(3) };
  if (value.startsWith('~')) return { using: 'accessibility id', value: value.slice(1) };
  if (value.startsWith('android=')) return { using: '-android uiautomator', value: value.slice(8) };
  if (value.startsWith('class=')) return { using: 'class name', value: value.slice(6) };
  if (value.startsWith('//') || value.startsWith('(')) return { using: 'xpath', value };
  throw new Error(`selector '${selector}' has no strategy prefix (id=, ~, //, android=, class=)`);
}
