import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  401: 'Missing, invalid or expired token, or a deactivated user',
  403: 'The role may not do this',
  400: 'Invalid input: malformed JSON, an unknown field or an invalid value (see `errors`)',
  404: 'No such record, or it belongs to another clinic',
  409: 'Conflicts with the current state or an existing record (see `code`)',
  412: 'If-Match names a version that is no longer current',
  422: 'A clinical safety gate refused (see `failedChecks`)',
  429: 'Too many requests; see Retry-After',
  503: 'The database is unavailable',
};

/** Documents the problem+json error responses an endpoint can give (401/403 come with @Auth). */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiProblem(status)));
}

export function ApiProblem(status: number, description?: string) {
  return ApiResponse({
    status,
    description: description ?? DESCRIPTIONS[status] ?? 'Error',
    content: {
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } },
    },
  });
}
