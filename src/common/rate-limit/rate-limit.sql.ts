import type { Statement } from 'src/database/sql.service';

/**
 * Counts one hit on the window named `key`, starting a new window of `windowMs` when there is none
 * or it has ended; answers the count and the milliseconds left, all by the database's clock.
 */
export function hitStatement(key: string, windowMs: number): Statement {
  return {
    text: `
      INSERT INTO rate_limit_windows AS w (key, window_ends_at, hits)
      VALUES ($1, statement_timestamp() + $2::float8 * interval '1 millisecond', 1)
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN w.window_ends_at <= statement_timestamp() THEN 1 ELSE w.hits + 1 END,
        window_ends_at = CASE WHEN w.window_ends_at <= statement_timestamp()
                              THEN excluded.window_ends_at ELSE w.window_ends_at END
      RETURNING hits,
                (extract(epoch FROM window_ends_at - statement_timestamp()) * 1000)::float8 AS ms_left`,
    values: [key, windowMs],
  };
}

/** Drops up to `batch` windows that have ended; rows a hit holds are skipped, not awaited. */
export function sweepStatement(batch: number): Statement {
  return {
    text: `
      DELETE FROM rate_limit_windows WHERE key IN (
        SELECT key FROM rate_limit_windows
         WHERE window_ends_at <= statement_timestamp()
         LIMIT $1 FOR UPDATE SKIP LOCKED)`,
    values: [batch],
  };
}
