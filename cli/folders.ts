import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.ts';

/**
 * Makes a folder and its missing parents one level at a time. (Node 20's `mkdirSync(…, { recursive: true })` never
 * returns for a path under /proc, where each level's mkdir answers ENOENT: a command must not hang on a bad --out.)
 */
export function makeFolders(dir: string): void {
  if (existsSync(dir)) return;
  makeFolders(dirname(dir));
  mkdirSync(dir);
}

/** An output folder from an option (`--out DIR`): made if missing, and writable, or one line and exit 2. */
export function outFolder(option: string, value: string): string {
  const dir = resolve(value);
  try {
    makeFolders(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${option} ${value}: cannot write reports there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return dir;
}
