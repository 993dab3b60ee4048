import { ShellCommandFailedError, UnsupportedShellCommandError } from './errors.ts';

/**
 * Splits a command line into words as the phone's shell (mksh) would for simple commands: blanks separate words,
 * '…' is literal, "…" is literal except for \" \\ \$ \` escapes, and a backslash outside quotes escapes the next
 * character. There is no evaluation: pipes, redirections, `;`, `&`, `$VAR`, `$(…)`, backquotes and unquoted `*`
 * throw UnsupportedShellCommandError rather than being passed on as text.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  const unsupported = (what: string) => new UnsupportedShellCommandError(line, `${what} is not simulated`);
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unterminated(line);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j] as string;
        if (d === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1] as string)) word += line[++j];
        else if (d === '`' || (d === '$' && /[A-Za-z_{(0-9?#@*!$-]/.test(line[j + 1] ?? ''))) throw unsupported('shell expansion');
        else word += d;
      }
      if (j >= line.length) throw unterminated(line);
      i = j;
    } else if (c === '\\') {
      if (i + 1 < line.length) {
        word += line[++i];
        inWord = true;
      }
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if ('|&;<>()`'.includes(c)) {
      throw unsupported(`'${c}'`);
    } else if (c === '$' && /[A-Za-z_{(0-9?#@*!$-]/.test(line[i + 1] ?? '')) {
      throw unsupported('shell expansion');
    } else if (c === '*') {
      throw unsupported('globbing');
    } else if (c === '#' && !inWord) {
      break; // a comment
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function unterminated(line: string): ShellCommandFailedError {
  return new ShellCommandFailedError(line, '/system/bin/sh: syntax error: unterminated quoted string\n', '', 1);
}
