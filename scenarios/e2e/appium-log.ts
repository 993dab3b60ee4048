import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'webdriverio';

/**
 * Appium's log has no timestamps and a worker's sessions serve run after run, so a run marks where it begins and
 * ends on each of its sessions with a custom event (Appium logs the request: `--> POST …/appium/log_event
 * {"vendor":"gallery-sync","event":"run <id> begins"}`). A server that refuses the event only loses the slice.
 */
export async function markRun(browser: Browser, run: string, edge: 'begins' | 'ends'): Promise<void> {
  await browser.logEvent('gallery-sync', `run ${run} ${edge}`).catch(() => undefined);
}

/** Where `run` keeps Appium's log (wdio.conf.ts: the appium service's logPath). */
export const appiumLogFile = (outDir: string): string => join(outDir, 'appium', 'wdio-appium.log');

/**
 * One run's lines of Appium's log: from its first "begins" mark to its last "ends" mark, the lines of its sessions
 * (Appium prefixes them with the session id's first 8 characters, or names the id in the URL).
 */
export function sliceAppiumLog(log: string, run: string, sessionIds: readonly string[]): string | undefined {
  const lines = log.split('\n');
  const begin = lines.findIndex((l) => l.includes(`"run ${run} begins"`));
  if (begin === -1) return undefined;
  const end = lines.findLastIndex((l) => l.includes(`"run ${run} ends"`));
  const ours = (line: string) => sessionIds.some((id) => line.startsWith(`[${id.slice(0, 8)}]`) || line.includes(id));
  return lines.slice(begin, end < begin ? undefined : end + 1).filter(ours).join('\n') + '\n';
}

/** The run's slice once its "ends" mark is in the file (the Appium service writes the log as it comes), or after `waitMs`. */
export async function appiumLogOf(outDir: string, run: string, sessionIds: readonly string[], waitMs = 3_000): Promise<string | undefined> {
  const file = appiumLogFile(outDir);
  for (let waited = 0; ; waited += 100) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text.includes(`"run ${run} ends"`) || waited >= waitMs) return text ? sliceAppiumLog(text, run, sessionIds) : undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
