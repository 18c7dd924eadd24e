import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { requestIdOf } from 'src/common/logging';
import { knownConstraintConflict } from 'src/common/problem/constraint-errors';
import {
  CommonExceptionCode,
  DomainException,
  ProblemExtras,
} from 'src/common/problem/domain.exception';
import { problemBody } from 'src/common/problem/problem-body';
import { RequestDeadlineExceeded } from 'src/database/request-context';

interface Problem {
  status: number;
  code: string;
  detail: string;
  extras?: ProblemExtras;
}

const DATABASE_DOWN_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '3D000',
  // too_many_connections: the server is full, which a client can only wait out.
  '53300',
]);
// Said by the server while refusing a new connection (ALLOW_CONNECTIONS false gives SQLSTATE 55000,
// a class shared with unrelated errors, so the message decides).
const REFUSED_CONNECTION =
  /not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|too many clients/i;
const CLIENT_VALUE_ERRORS = new Set([
  '22P02',
  '22007',
  '22008',
  '22003',
  '22001',
  '22021',
  '22P05',
  '23502',
  '23514',
]);
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * Turns every error into RFC 9457 problem+json. Bodies never carry stack traces, SQL, parameters
 * or echoed input (which may be patient data); unexpected errors are logged by class and code only.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // The deadline answered this request already (request-context.middleware.ts); what the handler
    // did after it is of no interest to the client, who has moved on.
    if (response.headersSent && response.locals.deadlineAnswered === true) {
      return;
    }
    const problem = this.toProblem(exception);
    // 503 is the database being away or busy, not a bug: readiness and metrics tell operators.
    if (problem.status >= 500 && problem.status !== 503) {
      this.logger.error(
        { err: describe(exception), route: request.route?.path },
        'unhandled error',
      );
    }
    if (response.headersSent) {
      return;
    }
    const requestId = requestIdOf(request);
    if (typeof problem.extras?.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(problem.extras.retryAfterSeconds));
    }
    response
      .status(problem.status)
      .type('application/problem+json')
      .json(problemBody(problem.status, problem.code, problem.detail, requestId, problem.extras));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof DomainException) {
      return {
        status: exception.status,
        code: exception.code,
        detail: exception.message,
        extras: exception.extras,
      };
    }
    // The Express adapter wraps body-parser failures in an HttpException; the cause says which.
    const cause: unknown = exception instanceof HttpException ? exception.cause : exception;
    if (isBodyParserError(cause)) {
      return fromBodyParserError(cause);
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    if (exception instanceof RequestDeadlineExceeded) {
      return {
        status: 503,
        code: CommonExceptionCode.REQUEST_TIMEOUT,
        detail: 'The request did not finish within its deadline',
        extras: { retryAfterSeconds: 1 },
      };
    }
    // Checked first: a pool with every connection in use is busy, not a database that is down.
    if (isPoolBusy(exception)) {
      return serviceBusy();
    }
    if (exception instanceof QueryFailedError) {
      return fromQueryFailed(
        exception as QueryFailedError & { driverError?: { code?: string; constraint?: string } },
      );
    }
    if (isClientReadTimeout(exception)) {
      return databaseTimeout();
    }
    if (isDatabaseUnavailable(exception)) {
      return databaseUnavailable();
    }
    return {
      status: 500,
      code: CommonExceptionCode.INTERNAL,
      detail: 'An unexpected error occurred',
    };
  }
}

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const codes: Partial<Record<number, CommonExceptionCode>> = {
    400: CommonExceptionCode.VALIDATION_FAILED,
    401: CommonExceptionCode.UNAUTHENTICATED,
    403: CommonExceptionCode.FORBIDDEN,
    404: CommonExceptionCode.NOT_FOUND,
    409: CommonExceptionCode.CONFLICT,
    429: CommonExceptionCode.TOO_MANY_REQUESTS,
  };
  const body = exception.getResponse();
  const message =
    typeof body === 'object' && body !== null && 'message' in body
      ? body.message
      : exception.message;
  const detail =
    status === 404 ? 'Not found' : Array.isArray(message) ? message.join('; ') : String(message);
  return {
    status,
    code: codes[status] ?? (status >= 500 ? CommonExceptionCode.INTERNAL : `HTTP_${status}`),
    detail,
  };
}

/** An error from body-parser / raw-body (http-errors): a `type`, or, for zlib, only `expose`. */
interface BodyParserError {
  type?: string;
  status: number;
  expose?: boolean;
}

function isBodyParserError(exception: unknown): exception is BodyParserError {
  if (typeof exception !== 'object' || exception === null || !('status' in exception)) {
    return false;
  }
  const { type, status, expose } = exception as Partial<BodyParserError>;
  return typeof status === 'number' && (typeof type === 'string' || typeof expose === 'boolean');
}

function fromBodyParserError(exception: BodyParserError): Problem {
  if (exception.type === 'entity.parse.failed') {
    return {
      status: 400,
      code: CommonExceptionCode.MALFORMED_JSON,
      detail: 'The request body is not valid JSON',
    };
  }
  if (exception.type === 'entity.too.complex') {
    return {
      status: 400,
      code: CommonExceptionCode.JSON_TOO_COMPLEX,
      detail: (exception as BodyParserError & { message?: string }).message ?? 'Too complex',
    };
  }
  if (exception.type === 'entity.too.large') {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large' };
  }
  const status = exception.status >= 400 && exception.status < 500 ? exception.status : 400;
  // Only a decompression (zlib) failure comes without a type; its message is zlib's, not ours.
  if (exception.type === undefined) {
    return { status, code: 'BAD_REQUEST_BODY', detail: 'The request body could not be decoded' };
  }
  return { status, code: 'BAD_REQUEST_BODY', detail: 'The request body could not be read' };
}

function fromQueryFailed(
  error: QueryFailedError & { driverError?: { code?: string; constraint?: string } },
): Problem {
  const code = error.driverError?.code ?? (error as { code?: string }).code;
  const constraint = error.driverError?.constraint ?? (error as { constraint?: string }).constraint;
  // A named constraint of ours (including those raised by triggers, e.g. a signed record's lock)
  // is a state conflict whatever its integrity class.
  const known = knownConstraintConflict(code, constraint);
  if (code === '23505' || code === '23P01' || known) {
    return {
      status: 409,
      code: known?.code ?? CommonExceptionCode.CONFLICT,
      detail: known?.message ?? 'The request conflicts with an existing record',
      extras: constraint ? { constraint } : {},
    };
  }
  if (code === '23503') {
    return {
      status: 409,
      code: 'REFERENCE_CONFLICT',
      detail: 'A referenced record does not exist or is still in use',
    };
  }
  if (code === '57014' || isClientReadTimeout(error.driverError)) {
    return databaseTimeout();
  }
  // lock_timeout: another transaction held the rows this one needed for too long.
  if (code === '55P03') {
    return serviceBusy();
  }
  if (code === '40001' || code === '40P01') {
    return {
      status: 409,
      code: 'CONCURRENT_UPDATE',
      detail: 'A concurrent change got there first; retry the request',
    };
  }
  // Malformed or out-of-range input that got past validation (e.g. a NUL character: 22021) or a null
  // for a required column (23502) is still the client's mistake.
  if (code && CLIENT_VALUE_ERRORS.has(code)) {
    return {
      status: 400,
      code: CommonExceptionCode.VALIDATION_FAILED,
      detail: 'A value is out of range or malformed',
    };
  }
  if ((code && DATABASE_DOWN_CODES.has(code)) || isDatabaseUnavailable(error.driverError)) {
    return databaseUnavailable();
  }
  return {
    status: 500,
    code: CommonExceptionCode.INTERNAL,
    detail: 'An unexpected error occurred',
  };
}

// pg-pool's words when a request waited its connectionTimeoutMillis for a free connection; a new
// connection that fails to open says "Connection terminated due to connection timeout" instead.
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';

export function isPoolBusy(exception: unknown): boolean {
  const driverError =
    exception instanceof QueryFailedError
      ? (exception as { driverError?: unknown }).driverError
      : exception;
  return driverError instanceof Error && driverError.message === POOL_WAIT_TIMEOUT;
}

/** Every connection was in use for the whole wait: the client may retry after a pause. */
function serviceBusy(): Problem {
  return {
    status: 503,
    code: CommonExceptionCode.SERVICE_BUSY,
    detail: 'The service is busy; retry shortly',
    extras: { retryAfterSeconds: 1 },
  };
}

/** statement_timeout (57014) or the client's own read timeout (a frozen or unreachable server). */
function databaseTimeout(): Problem {
  return {
    status: 503,
    code: CommonExceptionCode.DATABASE_TIMEOUT,
    detail: 'The database did not answer in time; retry shortly',
    extras: { retryAfterSeconds: 1 },
  };
}

function isClientReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

function databaseUnavailable(): Problem {
  return {
    status: 503,
    code: CommonExceptionCode.DATABASE_UNAVAILABLE,
    detail: 'The database is unavailable; try again shortly',
  };
}

export function isDatabaseUnavailable(exception: unknown): boolean {
  if (typeof exception !== 'object' || exception === null) {
    return false;
  }
  const { code, message, name } = exception as { code?: string; message?: string; name?: string };
  if (code && (NETWORK_ERROR_CODES.has(code) || DATABASE_DOWN_CODES.has(code))) {
    return true;
  }
  // TypeORM's runner was released under the request when its connection failed: the runner's own
  // methods say so with the first error, a manager's query through that runner (DataSource.query,
  // e.g. the bound transaction's MRN allocation) with the second.
  if (
    name === 'QueryRunnerAlreadyReleasedError' ||
    name === 'QueryRunnerProviderAlreadyReleasedError'
  ) {
    return true;
  }
  return (
    REFUSED_CONNECTION.test(message ?? '') ||
    /Connection terminated|connect ECONNREFUSED|does not allow connections|not queryable|terminating connection/i.test(
      message ?? '',
    )
  );
}

// For the log only: class, code and constraint; never messages that may quote values.
function describe(exception: unknown): Record<string, unknown> {
  if (exception instanceof QueryFailedError) {
    const driver = (exception as { driverError?: { code?: string; constraint?: string } })
      .driverError;
    return { type: 'QueryFailedError', code: driver?.code, constraint: driver?.constraint };
  }
  if (exception instanceof Error) {
    return { type: exception.name, stack: exception.stack?.split('\n').slice(1, 6).join('\n') };
  }
  return { type: typeof exception };
}
