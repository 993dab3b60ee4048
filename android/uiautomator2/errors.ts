/** W3C error codes and the HTTP status the UiAutomator2 server answers them with. */
const statusOf: Record<string, number> = {
  'no such element': 404,
  'stale element reference': 404,
  'invalid session id': 404,
  'unknown command': 404,
  'invalid selector': 400,
  'invalid argument': 400,
  'invalid element state': 400,
  'unknown error': 500,
  'unsupported operation': 500,
};

export class Uia2Error extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return statusOf[this.error] ?? 500;
  }

  /** Appium's own error classes (the locator code throws them) carry their W3C code as `error`. */
  static from(error: unknown): Uia2Error {
    const code = typeof error === 'object' && error !== null && typeof (error as { error?: unknown }).error === 'string' ? (error as { error: string }).error : 'unknown error';
    const message = error instanceof Error ? error.message : String(error);
    const known = new Uia2Error(code, message);
    if (error instanceof Error && error.stack) known.stack = error.stack;
    return known;
  }
}
