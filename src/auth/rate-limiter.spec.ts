import { RateLimiter } from 'src/auth/rate-limiter';
import { CommonException } from 'src/common/problem/domain.exception';

describe('RateLimiter', () => {
  it('should allow up to the limit in one window and refuse the next with the seconds to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    limiter.hit('a');
    limiter.hit('a');
    now = 15_000;
    let error: unknown;
    try {
      limiter.hit('a');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommonException);
    expect((error as CommonException).status).toBe(429);
    expect((error as CommonException).extras.retryAfterSeconds).toBe(45);
  });

  it('should count keys separately and start a new window when the old one ends', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1_000, () => now);
    limiter.hit('a');
    expect(() => limiter.hit('b')).not.toThrow();
    expect(() => limiter.hit('a')).toThrow(CommonException);
    now = 1_000;
    expect(() => limiter.hit('a')).not.toThrow();
  });
});
