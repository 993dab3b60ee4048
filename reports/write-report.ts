import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  writeFileSync(outFile, renderReport(results, history, new Date()));
  return outFile;
}
