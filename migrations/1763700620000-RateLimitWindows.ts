import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, point 8: the login and public-form rate limits are counted here, so every instance on
 * the database counts against the same windows (src/common/rate-limit/rate-limit.service.ts).
 *
 * UNLOGGED: no WAL for a counter written on every login and form post. A crash empties the table,
 * which only resets the windows in flight (a few attempts more for a minute); unlogged tables are
 * not replicated either, so a promoted standby starts with fresh windows too. Nothing here is data.
 *
 * `key` is the scope and an HMAC of the counted key (address, address and email), never the email
 * or address itself. A row stores when its window ends rather than when it began, so windows of
 * different lengths share the table and the sweep finds expired rows by index.
 */
const SERVICE_ROLE = 'ketamine_clinic_service';

export class RateLimitWindows1763700620000 implements MigrationInterface {
  name = 'RateLimitWindows1763700620000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        key text PRIMARY KEY,
        window_ends_at timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits > 0)
      )`);
    await q.query(
      `CREATE INDEX rate_limit_windows_ends_idx ON rate_limit_windows (window_ends_at)`,
    );
    // Counted (INSERT, UPDATE), read back (SELECT, RETURNING) and swept (DELETE): all the service
    // does. Granted here, not left to the default privileges, which apply only to the same owner.
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_windows TO ${SERVICE_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_windows`);
  }
}
