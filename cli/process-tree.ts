import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Every live process below `root` (pid → command line), read from Linux's /proc; empty elsewhere. */
export function descendants(root: number): Map<number, string> {
  const found = new Map<number, string>();
  if (!existsSync('/proc/self/stat')) return found;
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): state, ppid, …
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited between readdir and read
    }
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
 * what is still there after `graceMs`: a run must not leave an orphan Appium holding its port.
 */
export async function reapChildren(graceMs: number): Promise<string[]> {
  const deadline = performance.now() + graceMs;
  for (;;) {
    const left = [...descendants(process.pid)].filter(([, args]) => !args.startsWith('ps '));
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
