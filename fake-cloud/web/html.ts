import { DAY_MS } from '../../runtime/clock.ts';
import { ApiError } from '../errors.ts';

/** Text for HTML (element content and quoted attributes). */
export const esc = (text: unknown): string =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A link inside the view, keeping the account chosen: `href('/trash', 'qa@example.com')`. */
export const href = (path: string, account: string | undefined, query: Record<string, string> = {}): string => {
  const params = new URLSearchParams({ ...(account ? { account } : {}), ...query }).toString();
  return esc(params ? `${path}?${params}` : path);
};

/** The day an item was taken, as the grid's headings show it (UTC, like every time the cloud shows). */
export const dayOf = (ms: number): string => new Date(ms).toUTCString().slice(0, 16);

export const timeOf = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

export const daysLeft = (remainingMs: number): number => Math.max(0, Math.ceil(remainingMs / DAY_MS));

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const css = `
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; }
header { display: flex; gap: 24px; align-items: baseline; padding: 12px 24px; border-bottom: 1px solid #dadce0; position: sticky; top: 0; background: #fff; }
header b { font-size: 18px; } header nav a { margin-right: 16px; color: #1a73e8; text-decoration: none; } header nav a.here { font-weight: 600; }
main { padding: 8px 24px 48px; } h1 { font-size: 20px; font-weight: 500; } h2 { font-size: 15px; font-weight: 500; margin: 20px 0 8px; }
.muted { color: #5f6368; } .grid { display: flex; flex-wrap: wrap; gap: 4px; }
.grid figure { margin: 0; position: relative; } .grid img { display: block; width: 160px; height: 160px; object-fit: cover; background: #f1f3f4; }
.grid figcaption { font-size: 12px; max-width: 160px; padding: 2px 0 8px; overflow-wrap: anywhere; }
.albums figure { width: 200px; } .albums img { width: 200px; height: 200px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border-bottom: 1px solid #e8eaed; padding: 4px 10px; text-align: left; vertical-align: top; }
code { font-family: ui-monospace, Menlo, monospace; font-size: 12px; } .preview img { max-width: 100%; max-height: 70vh; background: #f1f3f4; }
.state { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #e8f0fe; font-size: 12px; } .state.trashed { background: #fce8e6; } .state.purged { background: #eee; }
`;

export interface Page {
  title: string;
  account?: string;
  /** Which of the header's links is this page. */
  section?: 'photos' | 'albums' | 'trash';
  body: string;
  status?: number;
}

/** One whole page: no script, no outside asset (the favicon link stops the browser asking the cloud for one). */
export function page(p: Page): Response {
  const nav = p.account
    ? `<nav>${(['photos', 'albums', 'trash'] as const).map((s) => `<a href="${href(s === 'photos' ? '/' : `/${s}`, p.account)}"${s === p.section ? ' class="here"' : ''}>${s[0]?.toUpperCase()}${s.slice(1)}</a>`).join('')}</nav><span class="muted">${esc(p.account)} · <a href="/accounts">accounts</a></span>`
    : '<nav><a href="/accounts">Accounts</a></nav>';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${esc(p.title)} · fake cloud</title><style>${css}</style></head>
<body><header><b>fake cloud</b>${nav}</header>
<main>${p.body}</main>
</body></html>
`;
  return new Response(html, { status: p.status ?? 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** A page's failure as a page: an unknown account or item is a 404 a person can read, not the API's JSON. */
export function errorPage(error: unknown): Response {
  if (error instanceof ApiError) return page({ title: `${error.code}`, status: error.code, body: `<h1>${esc(error.message)}</h1><p><a href="/accounts">All accounts</a></p>` });
  console.error('fake-cloud: the web view failed:', error);
  return page({ title: '500', status: 500, body: '<h1>The web view failed; the cloud logged why.</h1>' });
}
