import type { Cloud } from '../cloud.ts';

interface Problems {
  /** Damage a call ran into (SQLITE_CORRUPT and kin): it stays until the cloud is restarted and the store checked. */
  damage?: string;
  /** A store that cannot take writes (a full disk): it lasts until a call writes again. */
  full?: string;
}

const problems = new WeakMap<Cloud, Problems>();
const damageCodes = /^SQLITE_(CORRUPT|NOTADB|IOERR)/;
const fullCodes = /^(SQLITE_FULL|ENOSPC|EDQUOT)$/;

/** Remembers why a call failed when the cause is the store, so health stops answering "ok" while calls fail. */
export function noteFailure(cloud: Cloud, error: unknown): void {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return;
  const found = problems.get(cloud) ?? {};
  // The first damage is kept: it is the one nearest to its cause.
  if (damageCodes.test(code)) found.damage ??= `${String(message)} (${code})`;
  else if (fullCodes.test(code)) found.full = `${String(message)} (${code})`;
  else return;
  problems.set(cloud, found);
}

/** A call wrote to the store (its audit entry): whatever filled it has been freed. */
export function noteWrite(cloud: Cloud): void {
  const found = problems.get(cloud);
  if (found) delete found.full;
}

export const storeProblemsOf = (cloud: Cloud): Readonly<Problems> => problems.get(cloud) ?? {};
