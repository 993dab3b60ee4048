import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeHtmlReport } from '../../reports/write-report.ts';
import { UsageError } from '../usage-error.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('rebuild the HTML report (index.html) from a saved results.json and its histories')
    .argument('[results]', 'a results.json written by simulate or run', 'reports/out/results.json')
    .option('--out <file>', 'where to write the page (default: index.html beside results.json)')
    .action((results: string, flags: { out?: string }) => {
      const file = resolve(results);
      if (!existsSync(file)) throw new UsageError(`${results}: no such results file (run simulate or run first)`);
      let written: string;
      try {
        written = writeHtmlReport(file, flags.out ? resolve(flags.out) : undefined);
      } catch (error) {
        throw new UsageError(`${results}: not a results file gallery-sync can read (${(error as Error).message.split('\n')[0]})`);
      }
      console.log(`wrote ${written}`);
    });
}
