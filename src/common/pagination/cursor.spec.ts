import { decodeCursor, encodeCursor } from 'src/common/pagination/cursor';
import { CommonException } from 'src/common/problem/domain.exception';

const invalid = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof CommonException && error.code === 'INVALID_CURSOR';
  }
  return false;
};

describe('cursor', () => {
  const id = '3f2b8a4e-54c5-4c1b-a5a2-0a1c7d1a9d11';

  it('should round-trip what it encodes', () => {
    const values = ['2026-11-21T14:05:00.123Z', id];
    expect(decodeCursor(encodeCursor(values), 2, ['timestamp', 'uuid'])).toEqual(values);
    expect(decodeCursor(encodeCursor(['Clinic A', id]), 2, ['string', 'uuid'])).toEqual([
      'Clinic A',
      id,
    ]);
  });

  it.each([
    ['not base64 JSON', 'garbage!!'],
    ['not an array', encodeCursor([]).replace(/.*/, Buffer.from('{}').toString('base64url'))],
    ['the wrong arity', encodeCursor(['2026-11-21T14:05:00.123Z'])],
    ['a malformed timestamp', encodeCursor(['yesterday', id])],
    ['an impossible timestamp', encodeCursor(['2026-02-30T25:00:00Z', id])],
    ['a malformed uuid', encodeCursor(['2026-11-21T14:05:00.123Z', 'not-a-uuid'])],
    ['a number for a timestamp', encodeCursor([12, id])],
  ])('should refuse %s with INVALID_CURSOR', (_label, cursor) => {
    expect(invalid(() => decodeCursor(cursor, 2, ['timestamp', 'uuid']))).toBe(true);
  });

  it('should check only the arity when no kinds are given (older callers)', () => {
    expect(decodeCursor(encodeCursor(['anything', 1]), 2)).toEqual(['anything', 1]);
  });
});
