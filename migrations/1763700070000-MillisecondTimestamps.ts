import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset cursors carry timestamps as JavaScript dates (milliseconds); PostgreSQL keeps microseconds.
 * A sort key finer than its cursor makes `> cursor` match the last row again (an endless list), so
 * the keys lists sort by are stored to the millisecond.
 */
export class MillisecondTimestamps1763700070000 implements MigrationInterface {
  name = 'MillisecondTimestamps1763700070000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of [
      'clinics',
      'users',
      'patients',
      'patient_identifiers',
      'user_clinics',
      'idempotency_keys',
    ]) {
      await q.query(
        `ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`,
      );
      await q.query(`UPDATE ${table} SET created_at = date_trunc('milliseconds', created_at)`);
    }
    await q.query(
      `ALTER TABLE audit_events ALTER COLUMN occurred_at SET DEFAULT date_trunc('milliseconds', clock_timestamp())`,
    );
    await q.query(
      `ALTER TABLE audit_events ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`,
    );
    // audit_events is append-only by trigger; its existing rows are left as they are (cursors from them
    // can only skip a same-millisecond sibling, never loop, since that list runs newest first).
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'clinics',
      'users',
      'patients',
      'patient_identifiers',
      'user_clinics',
      'idempotency_keys',
    ]) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT now()`);
    }
    await q.query(
      `ALTER TABLE audit_events ALTER COLUMN occurred_at SET DEFAULT clock_timestamp()`,
    );
    await q.query(`ALTER TABLE audit_events ALTER COLUMN created_at SET DEFAULT now()`);
  }
}
