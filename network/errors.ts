/** Toxiproxy's errors, message and status as its api.go has them; the body is `{"error": message, "status": code}`. */
export const ERRORS = {
  badRequestBody: { message: 'bad request body', status: 400 },
  missingField: { message: 'missing required field', status: 400 },
  proxyNotFound: { message: 'proxy not found', status: 404 },
  proxyAlreadyExists: { message: 'proxy already exists', status: 409 },
  invalidStream: { message: 'stream was invalid, can be either upstream or downstream', status: 400 },
  invalidToxicType: { message: 'invalid toxic type', status: 400 },
  toxicAlreadyExists: { message: 'toxic already exists', status: 409 },
  toxicNotFound: { message: 'toxic not found', status: 404 },
  /** Go errors without a status (a listen that fails, an address Go cannot resolve): api.go answers 500 with their text. */
  unclassified: { message: '', status: 500 },
} as const satisfies Record<string, { message: string; status: number }>;

export type ErrorName = keyof typeof ERRORS;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(kind: ErrorName, detail?: string) {
    const { message, status } = ERRORS[kind];
    super([message, detail].filter(Boolean).join(': '));
    this.status = status;
  }

  toJSON(): { error: string; status: number } {
    return { error: this.message, status: this.status };
  }
}
