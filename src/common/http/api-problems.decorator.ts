import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { problemBody } from 'src/common/problem/problem-body';
import { problemTitle } from 'src/common/problem/problem-titles';

const DESCRIPTIONS: Record<number, string> = {
  401: 'Missing, invalid or expired token, or a deactivated user',
  403: 'The role may not do this',
  400: 'Invalid input: malformed JSON, JSON nested or repeated past the budget (`JSON_TOO_COMPLEX`), an unknown field or an invalid value (see `errors`)',
  404: 'No such record, or it belongs to another clinic',
  409: 'Conflicts with the current state or an existing record (see `code`)',
  412: 'If-Match names a version that is no longer current',
  413: 'The request body is too large',
  422: 'A clinical safety gate refused (see `failedChecks`)',
  429: 'Too many requests; see Retry-After',
  503: 'Retry later (Retry-After where known): the database is unavailable (`DATABASE_UNAVAILABLE`) or too slow (`DATABASE_TIMEOUT`), every connection stayed in use (`SERVICE_BUSY`), the request passed its deadline (`REQUEST_TIMEOUT`), the service is shutting down (`SHUTTING_DOWN`), or the connection failed while committing (`COMMIT_OUTCOME_UNKNOWN`: retry with the same Idempotency-Key, which replays the write if it was kept)',
};

export interface ProblemExample {
  code: string;
  detail: string;
  [extra: string]: unknown;
}

/** What each status typically says; `code` is what clients branch on (each area has its own). */
const EXAMPLES: Record<number, ProblemExample> = {
  400: {
    code: 'VALIDATION_FAILED',
    detail: 'dateOfBirth must be a date (YYYY-MM-DD)',
    errors: [{ field: 'dateOfBirth', message: 'dateOfBirth must be a date (YYYY-MM-DD)' }],
  },
  401: { code: 'UNAUTHENTICATED', detail: 'A valid bearer token is required' },
  403: { code: 'FORBIDDEN', detail: 'Your role may not do this' },
  404: { code: 'NOT_FOUND', detail: 'Not found' },
  409: { code: 'CONFLICT', detail: 'The request conflicts with an existing record' },
  412: {
    code: 'STALE_VERSION',
    detail: 'Patient has changed since the version given in If-Match; fetch it again',
  },
  413: { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large' },
  422: {
    code: 'PRE_INFUSION_GATE_FAILED',
    detail: 'The pre-infusion gate failed 1 check(s)',
    failedChecks: [
      {
        check: 'VITALS_SYSTOLIC_ABOVE_HOLD',
        message: 'Systolic above the pre-dose hold of 140 mmHg',
        overridable: true,
      },
    ],
  },
  429: {
    code: 'TOO_MANY_REQUESTS',
    detail: 'Too many attempts; try again later',
    retryAfterSeconds: 42,
  },
  503: { code: 'DATABASE_UNAVAILABLE', detail: 'The database is unavailable; try again shortly' },
};

/** A whole problem body as the filter writes it, for the OpenAPI examples. */
export function problemExample(status: number, example?: ProblemExample): Record<string, unknown> {
  const { code, detail, ...extras } = example ??
    EXAMPLES[status] ?? { code: `HTTP_${status}`, detail: problemTitle(status) };
  return problemBody(status, code, detail, '2f0b8a4e-54c5-4c1b-a5a2-0a1c7d1a9d11', extras);
}

/** The OpenAPI `content` of an error response: the problem schema with an example for the status. */
export function problemContent(status: number, example?: ProblemExample) {
  return {
    'application/problem+json': {
      schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
      example: problemExample(status, example),
    },
  };
}

/** Documents the problem+json error responses an endpoint can give (401/403 come with @Auth). */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiProblem(status)));
}

/** One error response; `example` replaces the status's generic one where the route's own is clearer. */
export function ApiProblem(status: number, description?: string, example?: ProblemExample) {
  return ApiResponse({
    status,
    description: description ?? DESCRIPTIONS[status] ?? 'Error',
    content: problemContent(status, example),
  });
}
