import type { RouteContext } from '../routes/route.ts';
import { quotaUsage } from '../model/quota.ts';
import { accountOf, accountsPage } from './accounts.ts';
import { bytes, dayOf, esc, href, page } from './html.ts';
import { card, cardColumns, cardJoin, type ItemCard } from './items.ts';

/** Items a page of the grid shows: enough to scroll, few enough that the cloud resizes them in a moment. */
export const gridPageSize = 300;

/** `/`: the account's photos and videos by the day they were taken, newest first, as photos.google.com shows them. */
export function libraryPage(c: RouteContext): Response {
  const account = accountOf(c);
  if (account === undefined) return accountsPage(c);
  const pageNumber = Math.max(0, Math.floor(Number(c.url.searchParams.get('page') ?? '0')) || 0);
  const total = c.cloud.sqlValue(`SELECT COUNT(*) FROM media_items WHERE email = ? AND purged_at IS NULL AND trashed_at IS NULL`).get(account) as number;
  const items = c.cloud.sql(
      `SELECT ${cardColumns} FROM ${cardJoin} WHERE m.email = ? AND m.purged_at IS NULL AND m.trashed_at IS NULL
       ORDER BY m.creation_time DESC, m.seq DESC LIMIT ? OFFSET ?`,
    )
    .all(account, gridPageSize, pageNumber * gridPageSize) as ItemCard[];
  const days = new Map<string, ItemCard[]>();
  for (const item of items) days.set(dayOf(item.creation_time), [...(days.get(dayOf(item.creation_time)) ?? []), item]);
  const usage = quotaUsage(c.cloud, account);
  const more = (pageNumber + 1) * gridPageSize < total;
  const body = `<h1>Photos <span class="muted">(${total})</span></h1>
<p class="muted">Storage: ${bytes(usage.usageBytes)} of ${bytes(usage.limitBytes)} used${usage.usageInTrashBytes ? `, ${bytes(usage.usageInTrashBytes)} of it in the trash` : ''}. Days are UTC.</p>
${total === 0 ? '<p>No photos or videos yet.</p>' : ''}${[...days].map(([day, cards]) => `<section class="day"><h2>${esc(day)}</h2><div class="grid">${cards.map((i) => card(i, account)).join('')}</div></section>`).join('\n')}
<p>${pageNumber > 0 ? `<a href="${href('/', account, { page: String(pageNumber - 1) })}">newer</a> ` : ''}${more ? `<a href="${href('/', account, { page: String(pageNumber + 1) })}">older</a>` : ''}</p>`;
  return page({ title: `Photos of ${account}`, account, section: 'photos', body });
}
