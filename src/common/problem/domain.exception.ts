// No Nest imports here: pure rule code and its unit tests load this file outside the framework.
export type HttpStatusCode = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 414 | 422 | 429 | 500 | 503;

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemExtras {
  /** Invalid input, one entry per field. */
  errors?: FieldError[];
  /** Failed clinical safety checks (422), one entry per check. */
  failedChecks?: {
    check: string;
    message: string;
    overridable: boolean;
    conflictingSessionIds?: string[];
  }[];
  /** Anything else a client can act on; never patient data. */
  [key: string]: unknown;
}

/**
 * The base of every business-rule failure. Areas subclass it with their own code enum and a
 * code → status table typed as Record<Code, HttpStatusCode>, so an unmapped code fails the build.
 * Services throw codes; only these tables pick HTTP statuses.
 */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatusCode,
    message: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export enum CommonExceptionCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_JSON = 'MALFORMED_JSON',
  JSON_TOO_COMPLEX = 'JSON_TOO_COMPLEX',
  URL_TOO_LONG = 'URL_TOO_LONG',
  INVALID_CURSOR = 'INVALID_CURSOR',
  INVALID_IF_MATCH = 'INVALID_IF_MATCH',
  NOT_FOUND = 'NOT_FOUND',
  STALE_VERSION = 'STALE_VERSION',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  SERVICE_BUSY = 'SERVICE_BUSY',
  DATABASE_TIMEOUT = 'DATABASE_TIMEOUT',
  COMMIT_OUTCOME_UNKNOWN = 'COMMIT_OUTCOME_UNKNOWN',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  SHUTTING_DOWN = 'SHUTTING_DOWN',
  INTERNAL = 'INTERNAL',
}

const COMMON_STATUS: Record<CommonExceptionCode, HttpStatusCode> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  JSON_TOO_COMPLEX: 400,
  URL_TOO_LONG: 414,
  INVALID_CURSOR: 400,
  INVALID_IF_MATCH: 400,
  NOT_FOUND: 404,
  STALE_VERSION: 412,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_MANY_REQUESTS: 429,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_IN_USE: 409,
  DATABASE_UNAVAILABLE: 503,
  SERVICE_BUSY: 503,
  DATABASE_TIMEOUT: 503,
  COMMIT_OUTCOME_UNKNOWN: 503,
  REQUEST_TIMEOUT: 503,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

export class CommonException extends DomainException {
  constructor(code: CommonExceptionCode, message: string, extras?: ProblemExtras) {
    super(code, COMMON_STATUS[code], message, extras);
  }

  /** A record that does not exist and one of another clinic look the same. */
  static notFound(resource: string): CommonException {
    return new CommonException(CommonExceptionCode.NOT_FOUND, `${resource} not found`);
  }

  static stale(resource: string): CommonException {
    return new CommonException(
      CommonExceptionCode.STALE_VERSION,
      `${resource} has changed since the version given in If-Match; fetch it again`,
    );
  }
}
