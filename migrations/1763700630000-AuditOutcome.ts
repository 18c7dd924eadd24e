import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 (the audit trail is complete): refused access to patient data is audited too, so every
 * event says how the access ended. Existing events were all allowed ones; a constant default adds
 * the column without rewriting the table.
 */
export class AuditOutcome1763700630000 implements MigrationInterface {
  name = 'AuditOutcome1763700630000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE audit_outcome AS ENUM ('success', 'unauthenticated', 'forbidden', 'not_found')`,
    );
    await q.query(
      `ALTER TABLE audit_events ADD COLUMN outcome audit_outcome NOT NULL DEFAULT 'success'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events DROP COLUMN outcome`);
    await q.query(`DROP TYPE audit_outcome`);
  }
}
