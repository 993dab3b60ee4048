import type { Cloud } from '../cloud.ts';
import { requireAccount } from '../model/accounts.ts';
import type { RouteContext } from '../routes/route.ts';
import { trashCutoff } from './items.ts';
import { esc, href, page } from './html.ts';

/**
 * The account a page shows: `?account=` when given (an unknown one is a 404), else the only account there is.
 * Undefined when there are none or several to choose from.
 */
export function accountOf(c: RouteContext): string | undefined {
  const asked = c.url.searchParams.get('account');
  if (asked !== null) return requireAccount(c.cloud, asked).email;
  const emails = c.cloud.sqlValue(`SELECT email FROM accounts ORDER BY email LIMIT 2`).all() as string[];
  return emails.length === 1 ? emails[0] : undefined;
}

interface AccountLine {
  email: string;
  live: number;
  trashed: number;
  albums: number;
}

function accountLines(cloud: Cloud): AccountLine[] {
  return cloud.sql(
      `SELECT a.email,
         (SELECT COUNT(*) FROM media_items m WHERE m.email = a.email AND m.purged_at IS NULL AND m.trashed_at IS NULL) AS live,
         (SELECT COUNT(*) FROM media_items m WHERE m.email = a.email AND m.purged_at IS NULL AND m.trashed_at > ?) AS trashed,
         (SELECT COUNT(*) FROM albums b WHERE b.email = a.email) AS albums
       FROM accounts a ORDER BY a.email`,
    )
    .all(trashCutoff(cloud)) as AccountLine[];
}

/** `/accounts`, and `/` while there is no single account to show. */
export function accountsPage(c: RouteContext): Response {
  const lines = accountLines(c.cloud);
  const body = lines.length
    ? `<h1>Accounts</h1><table class="accounts"><thead><tr><th>account</th><th>photos and videos</th><th>in the trash</th><th>albums</th></tr></thead><tbody>${lines
        .map((a) => `<tr data-account="${esc(a.email)}"><td><a href="${href('/', a.email)}">${esc(a.email)}</a></td><td>${a.live}</td><td>${a.trashed}</td><td>${a.albums}</td></tr>`)
        .join('')}</tbody></table>`
    : '<h1>No accounts yet</h1><p class="muted">Create one with <code>POST /__admin/accounts {"email": "…"}</code>; it shows here.</p>';
  return page({ title: 'Accounts', body });
}
