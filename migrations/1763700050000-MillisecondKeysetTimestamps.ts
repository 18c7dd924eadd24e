import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset cursors carry the sort timestamp as a JavaScript Date (millisecond precision), but the
 * columns held microseconds: a cursor then pointed *before* rows of the same millisecond, so the
 * next page repeated them (duplicates while paging users, patients and audit events). The sort
 * columns are rounded to milliseconds so a cursor names its row exactly; ties break on id.
 */
export class MillisecondKeysetTimestamps1763700050000 implements MigrationInterface {
  name = 'MillisecondKeysetTimestamps1763700050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz(3)`);
    await q.query(`ALTER TABLE patients ALTER COLUMN created_at TYPE timestamptz(3)`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN occurred_at TYPE timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ALTER COLUMN occurred_at TYPE timestamptz`);
    await q.query(`ALTER TABLE patients ALTER COLUMN created_at TYPE timestamptz`);
    await q.query(`ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz`);
  }
}
