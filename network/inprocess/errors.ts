/** The error an in-process exchange fails with, shaped like Node's socket errors (`code`). */
export class NetworkFault extends Error {
  override readonly name = 'NetworkFault';
  readonly code: 'ECONNREFUSED' | 'ECONNRESET' | 'ETIMEDOUT';
  /** For the history and the oracle, never for the client under test: did the server handle the request? */
  readonly committed: boolean;
  /** The toxic that caused it, or 'down'. */
  readonly fault: string;

  constructor(code: NetworkFault['code'], message: string, committed: boolean, fault: string) {
    // A simulated socket error, thrown thousands of times a search: the JavaScript stack says nothing about it.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.committed = committed;
    this.fault = fault;
  }
}
