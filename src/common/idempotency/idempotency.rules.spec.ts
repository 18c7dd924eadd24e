import {
  canonicalJson,
  IDEMPOTENCY_KEY_PATTERN,
  requestFingerprint,
} from 'src/common/idempotency/idempotency.rules';

describe('idempotency rules', () => {
  it.each([
    [{ b: 1, a: [2, { d: 3, c: null }] }, '{"a":[2,{"c":null,"d":3}],"b":1}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[], '[]'],
    [null, 'null'],
  ])('should write %j canonically as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('should give the same fingerprint to the same request whatever the key order', () => {
    expect(requestFingerprint('s', 'post', '/api/v1/patients', { a: 1, b: 2 })).toBe(
      requestFingerprint('s', 'POST', '/api/v1/patients', { b: 2, a: 1 }),
    );
  });

  it('should depend on the server secret, so a stored fingerprint reveals nothing without it', () => {
    expect(requestFingerprint('one', 'POST', '/p', { password: 'x' })).not.toBe(
      requestFingerprint('two', 'POST', '/p', { password: 'x' }),
    );
  });

  it.each([
    ['POST', '/api/v1/patients', { a: 2 }],
    ['POST', '/api/v1/clinics', { a: 1 }],
  ])('should tell %s %s %j apart from the original', (method, path, body) => {
    expect(requestFingerprint('s', method, path, body)).not.toBe(
      requestFingerprint('s', 'POST', '/api/v1/patients', { a: 1 }),
    );
  });

  it.each([
    ['a', true],
    ['2f0b8a4e-54c5-4c1b-a5a2-0a1c7d1a9d11', true],
    ['', false],
    ['has space', false],
    ['x'.repeat(256), false],
  ])('should judge key %j valid: %s', (key, valid) => {
    expect(IDEMPOTENCY_KEY_PATTERN.test(key)).toBe(valid);
  });
});
