import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail refused UPDATE and DELETE row by row, but TRUNCATE fires no row triggers and
 * emptied it in one statement. A statement trigger refuses that too.
 */
export class AuditEventsNoTruncate1763700050002 implements MigrationInterface {
  name = 'AuditEventsNoTruncate1763700050002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_events_no_truncate ON audit_events`);
  }
}
