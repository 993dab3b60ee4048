export interface Tuning {
  nodeFlags: string[];
  glibcTunables: string[];
}
export const tunedCommands: Record<string, Tuning>;
export function tunedEnv(tuning: Tuning, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
