import type { Cloud } from '../cloud.ts';
import { defaults } from '../cloud.ts';
import { esc, href } from './html.ts';

/** An item with its current version's kind and size: what a thumbnail needs. */
export interface ItemCard {
  id: string;
  file_name: string;
  version: number;
  mime_type: string;
  creation_time: number;
  trashed_at: number | null;
}

export const cardColumns = `m.id, m.file_name, m.version, v.mime_type, m.creation_time, m.trashed_at`;
export const cardJoin = `media_items m JOIN versions v ON v.item_id = m.id AND v.version = m.version`;

/**
 * Items trashed at or before this moment are past their 60 days. The API purges them before its next answer; the
 * view, which must not write, shows them as gone already rather than purging them itself.
 */
export const trashCutoff = (cloud: Cloud): number => cloud.now() - defaults.trashRetentionMs;

/** The cloud's own resize of one version, as a thumbnail link (`=w…-h…-c`, the parameters a baseUrl takes). */
export const thumbSrc = (id: string, version: number, side: number, crop = true): string => `/thumb/${encodeURIComponent(id)}/${version}=w${side}-h${side}${crop ? '-c' : ''}`;

/** One square in a grid: the thumbnail (a video's poster) linking to the item's page, and a caption. */
export function card(item: ItemCard, account: string | undefined, caption = ''): string {
  const video = item.mime_type.startsWith('video/');
  return `<figure data-item="${esc(item.id)}"${video ? ' data-video' : ''}><a href="${href(`/photo/${encodeURIComponent(item.id)}`, account)}"><img src="${esc(thumbSrc(item.id, item.version, 320))}" alt="${esc(item.file_name)}" loading="lazy" width="160" height="160"></a>${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}
