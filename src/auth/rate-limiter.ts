import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';

/**
 * A fixed-window counter per key, in process memory. Enough for one instance; several instances
 * behind a balancer would share it through Redis instead (noted in the README).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for `key`; throws 429 (with the seconds to wait) once the limit is passed. */
  hit(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      this.windows.set(key, { startedAt: now, count: 1 });
      this.sweep(now);
      return;
    }
    window.count += 1;
    if (window.count > this.limit) {
      const retryAfterSeconds = Math.ceil((window.startedAt + this.windowMs - now) / 1000);
      throw new CommonException(
        CommonExceptionCode.TOO_MANY_REQUESTS,
        'Too many attempts; try again later',
        {
          retryAfterSeconds,
        },
      );
    }
  }

  private sweep(now: number): void {
    if (this.windows.size < 10_000) {
      return;
    }
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) {
        this.windows.delete(key);
      }
    }
  }
}
