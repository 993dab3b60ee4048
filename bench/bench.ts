import { readFileSync } from 'node:fs';

/** One measured figure. A figure with a `baseline` was measured beside it in the same run, on the same machine. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value (or baseline / value for "lower is better" units such as ms). */
  ratio?: number;
  note?: string;
}

export type Benchmark = () => Promise<Figure[]>;

/** Median of a list of numbers (the list is sorted in place). */
export function median(values: number[]): number {
  return percentile(values, 50);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const index = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
  return values[index] as number;
}

/**
 * CPU seconds (user + system) from /proc/<pid>/stat (Linux; ticks of 1/100 s): a process's own, or those of the
 * children it has waited for, and of theirs.
 */
export function cpuSeconds(pid: number | 'self', whose: 'own' | 'waited-for children' = 'own'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const first = whose === 'own' ? 11 : 13; // utime, stime, cutime, cstime
  return (Number(fields[first]) + Number(fields[first + 1])) / 100;
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
