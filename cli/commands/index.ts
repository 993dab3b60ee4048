import type { Command } from 'commander';
import { registerCloud } from './cloud.ts';
import { registerDevices } from './devices.ts';
import { registerDoctor } from './doctor.ts';
import { registerExplore } from './explore.ts';
import { registerInspect } from './inspect.ts';
import { registerMedia } from './media.ts';
import { registerProxy } from './proxy.ts';
import { registerReport } from './report.ts';
import { registerRun } from './run.ts';
import { registerSimulate } from './simulate.ts';
import { registerSmoke } from './smoke.ts';

/** Every subcommand registers itself here: adding a command touches this list and its own file. */
export const commands: ReadonlyArray<(program: Command) => void> = [registerCloud, registerMedia, registerProxy, registerSmoke, registerSimulate, registerExplore, registerRun, registerDevices, registerDoctor, registerInspect, registerReport];
