import type { Filmstrip } from '../evidence.ts';
import { esc } from './timeline.ts';

/** How the page reaches a run's evidence files: a link relative to the page, and (for the page source) the text. */
export interface EvidenceFiles {
  href(file: string): string;
  text(file: string): string | undefined;
}

/** Page sources larger than this are linked, not shown inline (a real app's can be large). */
const inlineLimit = 200_000;

/**
 * A failed run's filmstrip: the phone's screen after each step up to the failing check, as links to the PNG files
 * beside results.json (the page stays small however many runs failed); a click opens a frame large. Then the page
 * source at the failing check, folded, and the run's Appium log when there is one.
 */
export function filmstripHtml(film: Filmstrip, steps: readonly string[], failedStep: number | undefined, files: EvidenceFiles): string {
  const who = film.phones.length > 1 ? ` (${film.phones.join(', ')}, left to right)` : '';
  const frames = film.frames.map(({ step, file }) => {
    const what = step < steps.length ? `after step ${step + 1}: ${steps[step]}` : 'at the final consistency check';
    const href = esc(files.href(file));
    return `<a class="frame${step === failedStep ? ' failed' : ''}" href="${href}" data-frame data-step="${step + 1}" title="${esc(what)}"><img src="${href}" alt="${esc(`the screen ${what}`)}" loading="lazy"><span>${step < steps.length ? step + 1 : 'check'}</span></a>`;
  });
  return `<div class="film" data-filmstrip><h4>The screen after each step${esc(who)}</h4><div class="frames">${frames.join('')}</div>${pageSource(film, files)}${film.appiumLog ? `<p class="log"><a href="${esc(files.href(film.appiumLog))}">Appium log of this run's session${film.phones.length > 1 ? 's' : ''}</a></p>` : ''}</div>`;
}

function pageSource(film: Filmstrip, files: EvidenceFiles): string {
  if (!film.pageSource) return '';
  const { phone, file } = film.pageSource;
  const xml = files.text(file);
  const shown = xml !== undefined && xml.length <= inlineLimit ? `<pre>${esc(xml.replace(/></g, '>\n<'))}</pre>` : '';
  return `<details class="page-source"><summary>Page source at the failing check${film.phones.length > 1 ? ` (${esc(phone)})` : ''}</summary><p><a href="${esc(files.href(file))}">page-source.xml</a></p>${shown}</details>`;
}

/** The large view a frame opens in (one per page). */
export const frameViewer = '<dialog id="frame-view"><figure><img alt=""><figcaption></figcaption></figure><button type="button" class="close">close</button></dialog>';
