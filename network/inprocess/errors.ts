/** The error an in-process exchange fails with, shaped like Node's socket errors (`code`). */
export class NetworkFault extends Error {
  override readonly name = 'NetworkFault';

  constructor(
    readonly code: 'ECONNREFUSED' | 'ECONNRESET' | 'ETIMEDOUT',
    message: string,
    /** For the history and the oracle, never for the client under test: did the server handle the request? */
    readonly committed: boolean,
    /** The toxic that caused it, or 'down'. */
    readonly fault: string,
  ) {
    super(message);
  }
}
