#!/usr/bin/env node
// The sources are TypeScript run through tsx's loader: no build step between a git pull and a run.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { tunedCommands, tunedEnv } from './tuned-commands.js';

const tuning = tunedCommands[process.argv[2]];
if (tuning && process.env.GALLERY_SYNC_TUNED !== '1') {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...tuning.nodeFlags, ...process.execArgv, script, ...process.argv.slice(2)], { stdio: 'inherit', env: tunedEnv(tuning) });
  // A terminal's Ctrl-C reaches both processes; a signal sent to this pid alone is passed on. The command stops once.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  register();
  await import('../cli/main.ts');
}
