import { DAY_MS } from '../../runtime/clock.ts';
import { defaults } from '../cloud.ts';
import type { RouteContext } from '../routes/route.ts';
import { accountOf, accountsPage } from './accounts.ts';
import { daysLeft, esc, page } from './html.ts';
import { card, cardColumns, cardJoin, trashCutoff, type ItemCard } from './items.ts';

/** `/trash`: what the account deleted, newest first, each with the days left before it is gone for good. */
export function trashPage(c: RouteContext): Response {
  const account = accountOf(c);
  if (account === undefined) return accountsPage(c);
  const items = c.cloud.sql(
      `SELECT ${cardColumns} FROM ${cardJoin} WHERE m.email = ? AND m.purged_at IS NULL AND m.trashed_at > ?
       ORDER BY m.trashed_at DESC, m.seq DESC`,
    )
    .all(account, trashCutoff(c.cloud)) as ItemCard[];
  const now = c.cloud.now();
  const caption = (item: ItemCard) => {
    const left = daysLeft((item.trashed_at as number) + defaults.trashRetentionMs - now);
    return `<span class="days-left" data-days-left="${left}">${left} day${left === 1 ? '' : 's'} left</span><br><span class="muted">${esc(item.file_name)}</span>`;
  };
  const body = `<h1>Trash <span class="muted">(${items.length})</span></h1>
<p class="muted">Items in the trash are deleted forever after ${defaults.trashRetentionMs / DAY_MS} days.</p>
${items.length ? `<div class="grid">${items.map((i) => card(i, account, caption(i))).join('')}</div>` : '<p>The trash is empty.</p>'}`;
  return page({ title: `Trash of ${account}`, account, section: 'trash', body });
}
