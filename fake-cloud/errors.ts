/**
 * Errors exactly as Google APIs send them: `{"error":{"code","message","status"}}` (google.rpc.Status over HTTP).
 * Throw an ApiError anywhere in a handler; the dispatcher turns it into the response.
 */
export const rpcStatusByHttpCode = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'FAILED_PRECONDITION',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
} as const;

export type HttpErrorCode = keyof typeof rpcStatusByHttpCode;
export type RpcStatus = (typeof rpcStatusByHttpCode)[HttpErrorCode] | 'OUT_OF_RANGE' | 'ABORTED';

/** google.rpc.Code numbers, used in per-item `status` objects (batchCreate, batchGet). */
export const rpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
} as const;

export interface ErrorDetail {
  '@type': string;
  reason: string;
  domain: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly status: RpcStatus = rpcStatusByHttpCode[code],
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. X-Goog-Upload-Size-Received on a resumable upload's offset error. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, status: this.status, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const invalidArgument = (message: string) => new ApiError(400, message);
export const notFound = (message = 'Requested entity was not found.') => new ApiError(404, message);
export const permissionDenied = (message: string) => new ApiError(403, message);
export const failedPrecondition = (message: string) => new ApiError(400, message, 'FAILED_PRECONDITION');

export function errorResponse(error: ApiError): Response {
  return Response.json(error.toJSON(), { status: error.code, headers: error.headers });
}

/**
 * A fault of the cloud's own stored state (a damaged or missing blob): answered as Google answers a 500, with a
 * message naming what is wrong, and logged by the dispatcher with `detail` (paths and hashes for whoever runs the cloud).
 */
export class StoreFault extends ApiError {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(500, message);
  }
}
