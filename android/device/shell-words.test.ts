import { describe, expect, it } from 'vitest';
import { ShellCommandFailedError, UnsupportedShellCommandError } from './errors.ts';
import { shellWords } from './shell-words.ts';

describe('shellWords', () => {
  it('splits on blanks, keeping quoted text whole', () => {
    expect(shellWords(`content query --uri content://media/external/images/media --where "_display_name='a b.jpg'"  --sort '_id DESC'`)).toEqual([
      'content',
      'query',
      '--uri',
      'content://media/external/images/media',
      '--where',
      "_display_name='a b.jpg'",
      '--sort',
      '_id DESC',
    ]);
  });

  it('joins adjacent quoted and bare parts into one word, and keeps empty quoted words', () => {
    expect(shellWords(`echo a"b c"'d e'f '' ""`)).toEqual(['echo', 'ab cd ef', '', '']);
  });

  it('handles backslash escapes outside quotes and the few inside double quotes', () => {
    expect(shellWords(String.raw`ls /sdcard/My\ Album "x\"y\\z\n" 'a\b'`)).toEqual(['ls', '/sdcard/My Album', 'x"y\\z\\n', 'a\\b']);
  });

  it('refuses what it would have to evaluate', () => {
    for (const line of ['ls /sdcard | wc -l', 'echo a; reboot', 'echo $HOME', 'echo "$(id)"', 'echo `id`', 'rm /sdcard/DCIM/Camera/*', 'echo a > /sdcard/x', 'sleep 1 &']) {
      expect(() => shellWords(line), line).toThrow(UnsupportedShellCommandError);
    }
    expect(() => shellWords('ls /sdcard | wc -l')).toThrow(/^unsupported shell command on a simulated phone: ls \/sdcard \| wc -l/);
  });

  it('takes operators and $ inside single quotes literally', () => {
    expect(shellWords(`echo 'a|b;c $HOME *'`)).toEqual(['echo', 'a|b;c $HOME *']);
  });

  it('fails like sh on an unterminated quote', () => {
    expect(() => shellWords(`echo "abc`)).toThrow(ShellCommandFailedError);
    expect(() => shellWords(`echo 'abc`)).toThrow(/unterminated quoted string/);
  });
});
