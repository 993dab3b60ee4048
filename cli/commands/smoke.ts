import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, parseIntOption } from '../usage-error.ts';

export function registerSmoke(program: Command): void {
  program
    .command('smoke')
    .description('end-to-end check of the built layers: backup through the fault proxy into the fake cloud under five faults')
    .option('--seed <n>', 'seed for media, ids and fault draws', parseIntOption('--seed'), 1)
    .option('--count <n>', 'how many media files', parseIntOption('--count', 1), 24)
    .option('--out <dir>', 'where media and smoke.json go', 'reports/out/smoke')
    .action(async (flags: { seed: number; count: number; out: string }) => {
      // Loaded when the command runs: `gallery-sync <any command>` should not pay for every command's modules.
      const { runSmoke } = await import('../../scenarios/smoke/run-smoke.ts');
      const started = performance.now();
      const results = await runSmoke({ seed: flags.seed, count: flags.count, outDir: resolve(flags.out), log: (line) => console.log(line) });
      const failed = results.filter((r) => !r.passed).length;
      console.log(`\n${results.length - failed} passed, ${failed} failed in ${((performance.now() - started) / 1000).toFixed(1)} s — results in ${flags.out}/smoke.json`);
      if (failed > 0) console.log(`replay: npx gallery-sync smoke --seed ${flags.seed} --count ${flags.count}`);
      process.exitCode = failed > 0 ? EXIT.failed : EXIT.ok;
    });
}
