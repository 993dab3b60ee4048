import { styleText } from 'node:util';

/** What the console output is painted with: Node's own ANSI styles. */
export type Style = 'red' | 'green' | 'yellow' | 'dim' | 'bold';
export type Paint = (style: Style, text: string) => string;

/**
 * Whether what goes to `stream` is coloured, as Node decides for its own output: FORCE_COLOR forces it (0 or
 * false: off), NO_COLOR turns it off, a CI log gets none, and otherwise only a terminal that has colours does.
 * `styleText` is told not to check again: this rule (CI included) is the one that decides, for any stream.
 */
export function wantsColour(stream: { isTTY?: boolean; hasColors?(): boolean } = process.stdout, env: Record<string, string | undefined> = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force);
  if (env.NO_COLOR) return false;
  if (env.CI) return false;
  return Boolean(stream.isTTY) && stream.hasColors?.() === true;
}

export function painter(colour = wantsColour()): Paint {
  return colour ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}

/** `1 run`, `2 runs`, `0 runs`. */
export const plural = (count: number, word: string, many = `${word}s`): string => `${count} ${count === 1 ? word : many}`;

/** Text cut to `width` at a word's end, with "…", never mid-word (a single word longer than the width is cut). */
export function fitWords(text: string, width: number): string {
  if (text.length <= width) return text;
  const room = text.slice(0, width); // leaves a character for "…"
  const end = room.lastIndexOf(' ');
  return `${(end > 0 ? room.slice(0, end) : room.slice(0, width - 1)).replace(/[\s,;:–-]+$/, '')}…`;
}
