/**
 * Reading Android's MediaStore through `adb shell content query`, the way a harness reads a real phone:
 * the rows as the `content` tool prints them (`Row: 0 _id=12, _display_name=IMG_1.jpg, …`).
 */
export const mediaColumns = ['_id', '_display_name', 'bucket_display_name', '_data', 'is_trashed'] as const;
export type MediaColumn = (typeof mediaColumns)[number];

/** adb joins a shell command's arguments and the phone's shell splits them again: the where clause needs its own quotes. */
export function contentQueryArgs(where?: string): string[] {
  return ['query', '--uri', 'content://media/external/file', '--projection', mediaColumns.join(':'), ...(where ? ['--where', `"${where.replace(/(["\\$`])/g, '\\$1')}"`] : [])];
}

/** Parses the tool's output. Values may contain ", " (file names do), so columns are found in projection order. */
export function parseContentRows(output: string, columns: readonly string[] = mediaColumns): Array<Record<string, string>> {
  if (/^No result found\.?\s*$/m.test(output.trim())) return [];
  const rows: Array<Record<string, string>> = [];
  for (const line of output.split('\n')) {
    const match = /^Row: \d+ (.*)$/.exec(line.trimEnd());
    if (!match) continue;
    const body = match[1] as string;
    const row: Record<string, string> = {};
    let from = 0;
    for (const [i, column] of columns.entries()) {
      const start = body.indexOf(`${column}=`, from);
      if (start === -1) throw new Error(`content query row lacks ${column}: ${line}`);
      const valueStart = start + column.length + 1;
      const next = columns[i + 1];
      const end = next === undefined ? body.length : body.indexOf(`, ${next}=`, valueStart);
      if (end === -1) throw new Error(`content query row lacks ${next}: ${line}`);
      row[column] = body.slice(valueStart, end);
      from = end;
    }
    rows.push(row);
  }
  return rows;
}
