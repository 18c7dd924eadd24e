import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';

export type CursorValue = string | number | null;

/** Keyset cursors are opaque to clients: base64url of the last row's sort key and id. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What a cursor position holds, checked on decode so a forged cursor never reaches SQL. */
export type CursorKind = 'timestamp' | 'uuid' | 'string' | 'number';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function isKind(value: CursorValue, kind: CursorKind): boolean {
  switch (kind) {
    case 'timestamp':
      return (
        typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
      );
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
  }
}

/**
 * The values of a cursor this API issued. With `kinds` (one per position) each value's shape is
 * checked too, so a tampered cursor is a 400 INVALID_CURSOR rather than a database error.
 */
export function decodeCursor(cursor: string, arity: number, kinds?: CursorKind[]): CursorValue[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((v) => v === null || typeof v === 'string' || typeof v === 'number') &&
      (!kinds || (parsed as CursorValue[]).every((v, i) => !kinds[i] || isKind(v, kinds[i])))
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
