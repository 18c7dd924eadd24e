import { CommonException } from 'src/common/problem/domain.exception';
import {
  CLINICLESS_CHAIN,
  decodeChainCursor,
  encodeChainCursor,
} from 'src/audit/audit-chain.cursor';

const CLINIC = '3f1c0e4a-9b2d-4c6e-8a7f-1d2e3f4a5b6c';
const LINK = 'ab'.repeat(32);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('audit chain cursor', () => {
  it('should round-trip the position of every chain, the clinic-less one included', () => {
    const positions = new Map([
      [CLINIC, { seq: 1041, link: LINK }],
      [CLINICLESS_CHAIN, { seq: 0, link: '00'.repeat(32) }],
    ]);
    expect(decodeChainCursor(encodeChainCursor(positions))).toEqual(positions);
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['an empty array', b64([])],
    ['a broken triple', b64([CLINIC, 3])],
    ['a key that is not a uuid', b64(['clinic-a', 3, LINK])],
    ['a negative place', b64([CLINIC, -1, LINK])],
    ['a fractional place', b64([CLINIC, 1.5, LINK])],
    ['a place as a string', b64([CLINIC, '3', LINK])],
    ['a short link', b64([CLINIC, 3, 'ab'])],
    ['an upper-case link', b64([CLINIC, 3, LINK.toUpperCase()])],
    ['a chain twice', b64([CLINIC, 3, LINK, CLINIC, 4, LINK])],
    ['a list cursor', b64(['2026-01-01T00:00:00.000Z', CLINIC])],
  ])('should refuse %s with INVALID_CURSOR', (_, cursor) => {
    expect(() => decodeChainCursor(cursor)).toThrow(CommonException);
    try {
      decodeChainCursor(cursor);
    } catch (error) {
      expect((error as CommonException).code).toBe('INVALID_CURSOR');
    }
  });
});
