import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';

export type CursorValue = string | number | null;

/** Keyset cursors are opaque to clients: base64url of the last row's sort key and id. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return parsed as CursorValue[];
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw new CommonException(
    CommonExceptionCode.INVALID_CURSOR,
    'cursor is not one this API issued',
    {
      errors: [{ field: 'cursor', message: 'cursor is not one this API issued' }],
    },
  );
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Rows are fetched with limit + 1 so that the presence of a next page is known without a count. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => CursorValue[],
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
