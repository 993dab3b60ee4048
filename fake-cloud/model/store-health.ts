import type { Cloud } from '../cloud.ts';

const problems = new WeakMap<Cloud, string>();

/**
 * Remembers a failed call's cause when it says the database is damaged (SQLITE_CORRUPT and kin), so health stops
 * answering "ok" while calls fail. The first cause is kept: it is the one nearest to the damage.
 */
export function noteFailure(cloud: Cloud, error: unknown): void {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(code)) return;
  if (!problems.has(cloud)) problems.set(cloud, `${String(message)} (${code})`);
}

/** The database damage a call ran into, if any. */
export const storeProblemOf = (cloud: Cloud): string | undefined => problems.get(cloud);
