import { painter, plural, type Paint } from './console.ts';

/**
 * Live progress for long runs: on a terminal one line redrawn in place; in a CI log (not a TTY) a plain line at
 * every tenth of the way and at the end, so the log stays readable. Failures are printed as they happen.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDecile = 0;
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly tty: boolean,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
    private readonly paint: Paint = painter(),
  ) {}

  /** `failed` counts failures and errors alike (neither is a pass); `errors` says how many of them were errors. */
  update(done: number, failed: number, errors = 0): void {
    const line = this.line(done, failed, errors);
    if (this.tty) {
      this.write(`\r${line}\x1b[K`);
      this.drawn = true;
      return;
    }
    const decile = Math.floor((done / Math.max(1, this.total)) * 10);
    if (decile > this.lastDecile || done === this.total) {
      this.lastDecile = decile;
      this.write(`${line}\n`);
    }
  }

  /** A failure, on its own line (the in-place line is redrawn below it). */
  failure(text: string): void {
    this.write(`${this.tty && this.drawn ? '\r\x1b[K' : ''}${this.paint('red', `✗ ${text}`)}\n`);
  }

  done(): void {
    if (this.tty && this.drawn) this.write('\n');
  }

  line(done: number, failed: number, errors = 0): string {
    const elapsed = (performance.now() - this.started) / 1000;
    const eta = done > 0 && done < this.total ? ` · about ${clock((elapsed / done) * (this.total - done))} left` : '';
    const pct = Math.floor((done / Math.max(1, this.total)) * 100);
    const failures = failed - errors > 0 ? this.paint('red', `${failed - errors} failed`) : `${failed - errors} failed`;
    return `  ${done}/${plural(this.total, 'run')} (${pct}%) · ${done - failed} passed, ${failures}${errors ? `, ${this.paint('yellow', plural(errors, 'error'))}` : ''} · ${clock(elapsed)}${eta}`;
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
