import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { HistoryEvent } from '../runtime/history.ts';
import { renderReport, type ResultsFile } from './html/report.ts';

/** Writes index.html beside a results.json, reading the histories it names (relative to it). */
export function writeHtmlReport(resultsFile: string, outFile = join(dirname(resultsFile), 'index.html')): string {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ResultsFile;
  const dir = dirname(resultsFile);
  const history = (file: string): HistoryEvent[] | undefined => {
    const path = join(dir, file);
    if (!file || !existsSync(path)) return undefined;
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as HistoryEvent);
  };
  // Evidence files are named relative to results.json; the page may be written elsewhere (`report --out`).
  const files = {
    href: (file: string) => relative(dirname(outFile), join(dir, file)).split(sep).join('/'),
    text: (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined),
  };
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, renderReport(results, history, new Date(), files));
  return outFile;
}
