import type { Clock } from './clock.ts';

/**
 * One recorded action, Jepsen-style: `invoke` when it starts, then `ok`, `fail`, or `info` when its outcome is
 * unknown (it may have happened). The process is the actor: a phone's name, "cloud", "net", "user".
 */
export interface HistoryEvent {
  time: number;
  process: string;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  op: string;
  value?: unknown;
}

export class History {
  readonly events: HistoryEvent[] = [];

  constructor(private readonly clock: Clock) {}

  record(process: string, type: HistoryEvent['type'], op: string, value?: unknown): void {
    this.events.push({ time: this.clock.now(), process, type, op, ...(value === undefined ? {} : { value }) });
  }

  /** As JSON lines, the format written per run. */
  toJsonl(): string {
    return this.events.map((e) => JSON.stringify(e)).join('\n') + (this.events.length ? '\n' : '');
  }
}
