// No Nest imports here: the filter, the middleware and the raw socket answers share this shape.
import { problemTitle, problemType } from 'src/common/problem/problem-titles';

/** An RFC 9457 problem body, as every error of the API is answered. */
export function problemBody(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extras: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: problemType(code),
    title: problemTitle(status),
    status,
    detail,
    code,
    requestId,
    ...extras,
  };
}
