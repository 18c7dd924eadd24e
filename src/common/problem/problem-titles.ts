// No Nest imports here: the filter and the OpenAPI examples share this table.

/** The `title` of a problem body for each status (the filter's and the documented examples'). */
export const PROBLEM_TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export const problemTitle = (status: number): string => PROBLEM_TITLES[status] ?? 'Error';

/** The `type` of a problem body: `/problems/<code in kebab case>`. */
export const problemType = (code: string): string =>
  `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
