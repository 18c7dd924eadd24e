import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { retryAfterSeconds, windowKey } from 'src/common/rate-limit/rate-limit.rules';
import { hitStatement, sweepStatement } from 'src/common/rate-limit/rate-limit.sql';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { SqlService } from 'src/database/sql.service';

// Expired rows are reset in place when their key comes back; the sweep only drops the keys that do
// not, in batches small enough that it never holds many row locks or runs long.
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 5_000;

/**
 * Fixed-window counters in PostgreSQL (`rate_limit_windows`), shared by every instance on the
 * database: one statement per hit counts it and answers the window's count and what is left of it,
 * both by the database's clock, so instances with skewed clocks still agree on every window.
 *
 * A database fault during a hit is thrown like any other (503 through the problem filter): the
 * limits fail closed. A login or a form post could not be served without the database anyway, and
 * letting attempts through uncounted while it falters is exactly when guessing would be cheapest.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnModuleDestroy {
  private readonly secret: string;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly sql: SqlService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secret = `rate-limit:${config.auth.jwtSecret}`;
  }

  onModuleInit(): void {
    this.sweepTimer = setInterval(
      // A failed sweep is retried by the next one; requests are never waiting on it.
      () => void this.sweepExpired().catch(() => undefined),
      SWEEP_EVERY_MS,
    );
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  /**
   * Counts one attempt for `key` in `scope` (at most `limit` per `windowMs`); past the limit,
   * throws 429 TOO_MANY_REQUESTS with the seconds until the window ends (the filter's Retry-After).
   * Guards call it before any interceptor has bound a transaction, so the count commits on its own
   * and stays counted whatever the request then does.
   */
  async hit(scope: string, key: string, limit: number, windowMs: number): Promise<void> {
    const row = await this.sql.first<{ hits: number; ms_left: number }>(
      hitStatement(windowKey(this.secret, scope, key), windowMs),
    );
    if (row && row.hits > limit) {
      throw new CommonException(
        CommonExceptionCode.TOO_MANY_REQUESTS,
        'Too many attempts; try again later',
        { retryAfterSeconds: retryAfterSeconds(row.ms_left) },
      );
    }
  }

  async sweepExpired(): Promise<void> {
    await this.sql.rows(sweepStatement(SWEEP_BATCH));
  }
}
