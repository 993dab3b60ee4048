import { DAY_MS } from '../../runtime/clock.ts';
import { defaults } from '../cloud.ts';
import { notFound } from '../errors.ts';
import type { ChangeRow } from '../model/feed.ts';
import { versionsOf, type ItemRow, type VersionRow } from '../model/media.ts';
import type { RouteContext } from '../routes/route.ts';
import { bytes, daysLeft, esc, href, page, timeOf } from './html.ts';
import { thumbSrc, trashCutoff } from './items.ts';

/** Calls the audit log names this item in, newest first, at most this many. */
const auditShown = 200;

/** `/photo/:id` (where an item's productUrl leads too): the item, its versions and what happened to it. */
export function itemPage(c: RouteContext): Response {
  const item = c.cloud.sql(`SELECT * FROM media_items WHERE id = ?`).get(c.params.mediaItemId ?? '') as ItemRow | undefined;
  if (!item) throw notFound(`No media item ${c.params.mediaItemId}.`);
  const account = item.email;
  const versions = versionsOf(c.cloud, item.id);
  const current = versions.find((v) => v.version === item.version) as VersionRow;
  const apps = new Map((c.cloud.sql(`SELECT client_id, name FROM apps WHERE email = ?`).all(account) as Array<{ client_id: string; name: string }>).map((a) => [a.client_id, a.name]));
  const app = (clientId: string | null) => (clientId === null ? '–' : `${esc(apps.get(clientId) ?? 'an app')} <span class="muted">(${esc(clientId.slice(0, 12))}…)</span>`);
  const albums = c.cloud.sql(`SELECT a.id, a.title FROM album_items ai JOIN albums a ON a.id = ai.album_id WHERE ai.item_id = ? ORDER BY a.seq`).all(item.id) as Array<{ id: string; title: string }>;
  const gone = item.purged_at !== null || (item.trashed_at !== null && item.trashed_at <= trashCutoff(c.cloud));
  const state = gone
    ? `<span class="state purged" data-state="purged">deleted forever ${esc(timeOf(item.purged_at ?? (item.trashed_at as number) + defaults.trashRetentionMs))}</span>`
    : item.trashed_at !== null
      ? `<span class="state trashed" data-state="trashed">in the trash since ${esc(timeOf(item.trashed_at))}: ${daysLeft(item.trashed_at + defaults.trashRetentionMs - c.cloud.now())} days left</span>`
      : '<span class="state" data-state="live">in the library</span>';
  const facts: Array<[string, string]> = [
    ['state', state],
    ['file name', esc(item.file_name)],
    ...(item.description ? [['description', esc(item.description)] as [string, string]] : []),
    ['type', `${esc(current.mime_type)}, ${current.width} × ${current.height}, ${bytes(current.size)}`],
    ['taken', esc(timeOf(item.creation_time))],
    ['uploaded', `${esc(timeOf(item.created_at))} by ${app(item.created_by)}`],
    ['albums', albums.length ? albums.map((a) => `<a href="${href(`/album/${encodeURIComponent(a.id)}`, account)}">${esc(a.title || '(untitled)')}</a>`).join(', ') : '<span class="muted">none</span>'],
    ['id', `<code>${esc(item.id)}</code>`],
  ];
  const body = `<h1>${esc(item.file_name)}</h1>
${gone ? '' : `<p class="preview"><img src="${esc(thumbSrc(item.id, item.version, 1024, false))}" alt="${esc(item.file_name)}"></p>`}
<table class="facts">${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>
<h2>Versions (${versions.length})</h2>
<table class="versions"><thead><tr><th>version</th><th></th><th>made</th><th>by</th><th>content</th><th>sha256</th></tr></thead><tbody>${[...versions]
    .reverse()
    .map(
      (v) =>
        `<tr data-version="${v.version}"><td>${v.version}${v.version === item.version ? ' <b>(current)</b>' : ''}</td><td>${gone ? '' : `<img src="${esc(thumbSrc(item.id, v.version, 96))}" alt="version ${v.version}" width="48" height="48">`}</td><td>${esc(timeOf(v.created_at))}</td><td>${app(v.created_by)}</td><td>${esc(v.mime_type)}, ${v.width} × ${v.height}, ${bytes(v.size)}</td><td><code>${esc(v.sha256.slice(0, 16))}…</code></td></tr>`,
    )
    .join('')}</tbody></table>
${changes(c, item)}
${calls(c, item, app)}`;
  return page({ title: item.file_name, account, body });
}

/** The change feed's events for this item, album moves included (their detail lists the item). */
function changes(c: RouteContext, item: ItemRow): string {
  const rows = c.cloud.sql(`SELECT * FROM changes WHERE email = ? AND (item_id = ? OR (album_id IS NOT NULL AND instr(detail, ?) > 0)) ORDER BY seq`)
    .all(item.email, item.id, JSON.stringify(item.id)) as ChangeRow[];
  const titles = new Map((c.cloud.sql(`SELECT id, title FROM albums WHERE email = ?`).all(item.email) as Array<{ id: string; title: string }>).map((a) => [a.id, a.title]));
  const what = (r: ChangeRow) =>
    r.album_id ? `album <a href="${href(`/album/${encodeURIComponent(r.album_id)}`, item.email)}">${esc(titles.get(r.album_id) || r.album_id)}</a>` : `<code>${esc(r.detail ?? '')}</code>`;
  const line = (r: ChangeRow) => `<tr data-change="${esc(r.kind)}"><td>${esc(timeOf(r.time))}</td><td>${esc(r.kind)}</td><td>${what(r)}</td></tr>`;
  return `<h2>Changes (${rows.length}) <span class="muted">· the sync feed; it keeps ${c.cloud.feedRetentionMs / DAY_MS} days</span></h2>
${rows.length ? `<table class="changes"><tbody>${rows.map(line).join('')}</tbody></table>` : '<p class="muted">None kept.</p>'}`;
}

/** The calls that touched this item, from the audit log. */
function calls(c: RouteContext, item: ItemRow, app: (clientId: string | null) => string): string {
  const rows = c.cloud.sql(`SELECT * FROM audit WHERE instr(item_ids, ?) > 0 ORDER BY seq DESC LIMIT ?`).all(JSON.stringify(item.id), auditShown) as Array<{
    time: number;
    client_id: string | null;
    route: string;
    method: string;
    path: string;
    status: number;
    fault: string | null;
  }>;
  const line = (r: (typeof rows)[number]) =>
    `<tr><td>${esc(timeOf(r.time))}</td><td>${esc(r.route)}</td><td><code>${esc(`${r.method} ${r.path}`)}</code></td><td>${r.status}</td><td>${app(r.client_id)}</td><td>${esc(r.fault ?? '')}</td></tr>`;
  return `<h2>Calls that touched it (${rows.length}${rows.length === auditShown ? ', the latest' : ''}) <span class="muted">· the audit log</span></h2>
${rows.length ? `<table class="calls"><tbody>${rows.map(line).join('')}</tbody></table>` : '<p class="muted">None.</p>'}`;
}
