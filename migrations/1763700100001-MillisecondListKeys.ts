import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * List cursors carry created_at as an ISO string (millisecond precision); PostgreSQL stores
 * microseconds, so a row could reappear on the next page. Creation stamps of the keyset-listed
 * tables of issue 3 are therefore taken at millisecond precision.
 */
export class MillisecondListKeys1763700100001 implements MigrationInterface {
  name = 'MillisecondListKeys1763700100001';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['screenings', 'consents', 'treatment_plans']) {
      await q.query(
        `ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`,
      );
      await q.query(`UPDATE ${table} SET created_at = date_trunc('milliseconds', created_at)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['screenings', 'consents', 'treatment_plans']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT now()`);
    }
  }
}
