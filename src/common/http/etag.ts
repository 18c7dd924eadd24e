import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';

export const etagOf = (version: number): string => `"${version}"`;

/** The version a client asserts with If-Match (`"3"` or `W/"3"`); undefined when absent or `*`. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') {
    return undefined;
  }
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!match?.[1]) {
    throw new CommonException(
      CommonExceptionCode.INVALID_IF_MATCH,
      'If-Match must be an ETag this API issued, e.g. "3"',
      {
        errors: [{ field: 'If-Match', message: 'must be an ETag this API issued, e.g. "3"' }],
      },
    );
  }
  return Number(match[1]);
}

/** For rows read FOR UPDATE in the same transaction: a stale If-Match is a 412. */
export function assertVersion(
  record: { version: number },
  expected: number | undefined,
  resource: string,
): void {
  if (expected !== undefined && record.version !== expected) {
    throw CommonException.stale(resource);
  }
}
