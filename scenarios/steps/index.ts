import { cloudSteps } from './cloud.ts';
import { netSteps } from './net.ts';
import { phoneSteps } from './phone.ts';

/** Every step action, one table per verb: the loader, the runner (and explore's generator) read these. */
export const stepTables = { phone: phoneSteps, cloud: cloudSteps, net: netSteps } as const;

export type ActionVerb = keyof typeof stepTables;
export { phoneSteps, cloudSteps, netSteps };
export { StepImpossible } from './action.ts';
export type { Action, GenerateContext, Generator, ItemPick, StepContext } from './action.ts';
