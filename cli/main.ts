import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands/index.ts';
import { EXIT, UsageError } from './usage-error.ts';

const program = new Command('gallery-sync')
  .description('Test harness and sync simulator for Google Photos backup in OEM gallery apps')
  .exitOverride()
  .configureOutput({ outputError: () => undefined });

for (const register of await commandsFor(process.argv)) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) process.exit(0); // --help, --version
    console.error(`gallery-sync: ${error.message.replace(/^error: /, '')}`);
    process.exit(EXIT.badInput);
  }
  if (error instanceof UsageError) {
    console.error(`gallery-sync: ${error.message}`);
    process.exit(EXIT.badInput);
  }
  console.error(error);
  process.exit(EXIT.failed);
}
