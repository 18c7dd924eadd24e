import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts are listed newest first by keyset over (created_at, id), and the cursor carries created_at
 * as an ISO string (milliseconds) while PostgreSQL stored microseconds: the next page then skipped
 * alerts raised in the same millisecond as the last one shown. As MillisecondListKeys1763700100001
 * did for issue 3, alerts are stamped at millisecond precision. The other tables of
 * 1763700300000 page on dates (follow-ups, journal) or on administered_at, which the app sets.
 */
export class MillisecondAlertKeys1763700420002 implements MigrationInterface {
  name = 'MillisecondAlertKeys1763700420002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE alerts ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`,
    );
    await q.query(`UPDATE alerts SET created_at = date_trunc('milliseconds', created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts ALTER COLUMN created_at SET DEFAULT now()`);
  }
}
