import { decodePageToken, encodePageToken } from './route.ts';

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/**
 * Keyset paging over rows already in list order: the token holds the last row's cursor, so items added or removed
 * while a client pages neither repeat nor vanish from later pages.
 */
export function paginate<T>(
  rows: readonly T[],
  options: { list: string; pageSize: number; pageToken: string | null | undefined; cursorOf: (row: T) => Array<string | number> },
): Page<T> {
  const after = decodePageToken(options.list, options.pageToken);
  let start = 0;
  if (after) {
    const compare = (row: T) => compareCursors(options.cursorOf(row), after);
    start = rows.findIndex((row) => compare(row) > 0);
    if (start === -1) start = rows.length;
  }
  const items = rows.slice(start, start + options.pageSize);
  const last = items.at(-1);
  return start + options.pageSize < rows.length && last !== undefined
    ? { items, nextPageToken: encodePageToken(options.list, options.cursorOf(last)) }
    : { items };
}

/** Cursors compare element by element; callers make every element ascending in list order (negate descending keys). */
function compareCursors(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
