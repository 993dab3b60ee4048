import { notFound } from '../errors.ts';
import type { AlbumRow } from '../model/albums.ts';
import type { RouteContext } from '../routes/route.ts';
import { accountOf, accountsPage } from './accounts.ts';
import { esc, href, page } from './html.ts';
import { card, cardColumns, thumbSrc, type ItemCard } from './items.ts';

/** An album's items a person sees: in its order, not trashed (the API's mediaItemsCount counts the same ones). */
function albumItems(c: RouteContext, albumId: string): ItemCard[] {
  return c.cloud.sql(
      `SELECT ${cardColumns} FROM album_items ai JOIN media_items m ON m.id = ai.item_id JOIN versions v ON v.item_id = m.id AND v.version = m.version
       WHERE ai.album_id = ? AND m.purged_at IS NULL AND m.trashed_at IS NULL ORDER BY ai.position`,
    )
    .all(albumId) as ItemCard[];
}

/** `/albums`: every album of the account, with its cover (the chosen one, else its first item) and count. */
export function albumsPage(c: RouteContext): Response {
  const account = accountOf(c);
  if (account === undefined) return accountsPage(c);
  const albums = c.cloud.sql(`SELECT * FROM albums WHERE email = ? ORDER BY seq DESC`).all(account) as AlbumRow[];
  const tile = (album: AlbumRow) => {
    const items = albumItems(c, album.id);
    const cover = items.find((i) => i.id === album.cover_item_id) ?? items[0];
    const picture = cover ? `<img src="${esc(thumbSrc(cover.id, cover.version, 400))}" alt="${esc(album.title)}" loading="lazy" width="200" height="200">` : '<img alt="(empty album)" width="200" height="200">';
    return `<figure data-album="${esc(album.id)}"><a href="${href(`/album/${encodeURIComponent(album.id)}`, account)}">${picture}</a><figcaption><b>${esc(album.title || '(untitled)')}</b><br><span class="muted">${items.length} item${items.length === 1 ? '' : 's'}</span></figcaption></figure>`;
  };
  const body = `<h1>Albums <span class="muted">(${albums.length})</span></h1>
${albums.length ? `<div class="grid albums">${albums.map(tile).join('')}</div>` : '<p>No albums yet.</p>'}`;
  return page({ title: `Albums of ${account}`, account, section: 'albums', body });
}

/** `/album/:id`: one album's photos and videos, in the album's order. */
export function albumPage(c: RouteContext): Response {
  const album = c.cloud.sql(`SELECT * FROM albums WHERE id = ?`).get(c.params.albumId ?? '') as AlbumRow | undefined;
  if (!album) throw notFound(`No album ${c.params.albumId}.`);
  const items = albumItems(c, album.id);
  const body = `<h1>${esc(album.title || '(untitled)')} <span class="muted">(${items.length})</span></h1>
${items.length ? `<div class="grid">${items.map((i) => card(i, album.email)).join('')}</div>` : '<p>This album is empty.</p>'}`;
  return page({ title: album.title || 'Album', account: album.email, section: 'albums', body });
}
