import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** A process's state letter and parent from /proc (the fields after the command name, which may hold spaces). */
function stat(pid: number | string): { state: string; parent: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', parent = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, parent: Number(parent) };
  } catch {
    return undefined; // exited
  }
}

/**
 * Whether a process still runs. A zombie (exited, waiting to be reaped — in a container without an init, by no
 * one) does not count.
 */
export function running(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z' && s.state !== 'X';
}

/** Every running process below `root` (pid → command line), read from Linux's /proc; empty elsewhere. */
export function descendants(root: number): Map<number, string> {
  const found = new Map<number, string>();
  if (!existsSync('/proc/self/stat')) return found;
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s && s.state !== 'Z' && s.state !== 'X') parentOf.set(Number(entry), s.parent);
  }
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent !== pid || found.has(child)) continue;
      let args = '?';
      try {
        args = readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        // exited meanwhile
      }
      found.set(child, args);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/**
 * Waits for this process's children (Appium after its SIGTERM, WebdriverIO workers) to finish exiting, and kills
 * what is still there after `graceMs`: a run must not leave an orphan Appium holding its port. Processes that were
 * already there before (`existing`, such as tsx's esbuild service) are ours to keep.
 */
export async function reapChildren(graceMs: number, existing: ReadonlySet<number>): Promise<string[]> {
  const deadline = performance.now() + graceMs;
  for (;;) {
    // tsx's esbuild service belongs to this process (it compiles what we import late) and ends with it.
    const left = [...descendants(process.pid)].filter(([pid, args]) => !existing.has(pid) && !args.startsWith('ps ') && !/esbuild --service=/.test(args));
    if (left.length === 0) return [];
    if (performance.now() > deadline) {
      for (const [pid] of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return left.map(([pid, args]) => `${pid} ${args}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
