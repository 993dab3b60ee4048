import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every subcommand by its name, loaded only when needed: each pulls in its own heavy dependencies (Appium,
 * WebdriverIO, msw, sharp), and `gallery-sync cloud` started in 1.3 s when it loaded them all (0.8 s alone).
 * Adding a command touches this table and its own file.
 */
export const commands = {
  cloud: () => import('./cloud.ts').then((m) => m.registerCloud),
  media: () => import('./media.ts').then((m) => m.registerMedia),
  proxy: () => import('./proxy.ts').then((m) => m.registerProxy),
  smoke: () => import('./smoke.ts').then((m) => m.registerSmoke),
  simulate: () => import('./simulate.ts').then((m) => m.registerSimulate),
  explore: () => import('./explore.ts').then((m) => m.registerExplore),
  run: () => import('./run.ts').then((m) => m.registerRun),
  devices: () => import('./devices.ts').then((m) => m.registerDevices),
  doctor: () => import('./doctor.ts').then((m) => m.registerDoctor),
  inspect: () => import('./inspect.ts').then((m) => m.registerInspect),
  report: () => import('./report.ts').then((m) => m.registerReport),
} as const satisfies Record<string, () => Promise<Register>>;

/** The commands to register for these arguments: the one named first, or all (for help, a typo's suggestion, …). */
export function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const named = argv[2];
  const loads = named !== undefined && Object.hasOwn(commands, named) ? [commands[named as keyof typeof commands]] : Object.values(commands);
  return Promise.all(loads.map((load) => load()));
}
