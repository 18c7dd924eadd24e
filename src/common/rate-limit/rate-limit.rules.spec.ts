import { retryAfterSeconds, windowKey } from 'src/common/rate-limit/rate-limit.rules';

describe('retryAfterSeconds', () => {
  it.each([
    [45_000, 45],
    [44_001, 45],
    [59_999.5, 60],
    [1, 1],
    [0, 1],
    [-20, 1],
  ])('should answer %p ms left as %p s', (msLeft, seconds) => {
    expect(retryAfterSeconds(msLeft)).toBe(seconds);
  });
});

describe('windowKey', () => {
  it('should keep the scope readable and leave the counted key out', () => {
    const key = windowKey('secret', 'login', '203.0.113.7|alice@clinic.example');
    expect(key).toMatch(/^login:[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('alice');
    expect(key).not.toContain('203.0.113.7');
  });

  type Args = [secret: string, scope: string, key: string];
  it.each<[string, Args, Args]>([
    ['another scope', ['secret', 'login-address', 'x'], ['secret', 'login', 'x']],
    ['another key', ['secret', 'login', 'x'], ['secret', 'login', 'y']],
    ['another secret', ['secret', 'login', 'x'], ['other', 'login', 'x']],
    // The separator is not a character a scope can hold, so scope and key cannot trade places.
    ['a shifted boundary', ['secret', 'a', 'b|c'], ['secret', 'a|b', 'c']],
  ])('should name %s differently', (_, first, second) => {
    expect(windowKey(...first)).not.toBe(windowKey(...second));
  });

  it('should name the same scope and key alike every time (every instance agrees)', () => {
    expect(windowKey('secret', 'login', 'x')).toBe(windowKey('secret', 'login', 'x'));
  });
});
