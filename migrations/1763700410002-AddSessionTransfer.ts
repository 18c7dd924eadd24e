import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfer to an emergency department (../shared/domain/ketamine-clinic.md §3.5 escalation): a
 * terminal session status `transferred`, reached from in_progress or recovery, with who, when,
 * why and where to. A transferred session can never be discharged but is signed like a
 * discharged one, so the sign check allows either.
 */
export class AddSessionTransfer1763700410002 implements MigrationInterface {
  name = 'AddSessionTransfer1763700410002';

  async up(q: QueryRunner): Promise<void> {
    // Not used in this transaction (PostgreSQL allows a new enum value only after commit).
    await q.query(`ALTER TYPE session_status ADD VALUE IF NOT EXISTS 'transferred'`);
    await q.query(`
      ALTER TABLE infusion_sessions
        ADD COLUMN transferred_at timestamptz,
        ADD COLUMN transferred_by uuid REFERENCES users (id),
        ADD COLUMN transfer_reason text,
        ADD COLUMN transfer_destination text,
        ADD CONSTRAINT infusion_sessions_transfer_has_reason
          CHECK (transferred_at IS NULL OR (transferred_by IS NOT NULL AND transfer_reason IS NOT NULL)),
        DROP CONSTRAINT infusion_sessions_sign_needs_discharge,
        ADD CONSTRAINT infusion_sessions_sign_needs_discharge_or_transfer
          CHECK (signed_at IS NULL OR discharged_at IS NOT NULL OR transferred_at IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const rows: unknown[] = await q.query(
      `SELECT 1 FROM infusion_sessions WHERE transferred_at IS NOT NULL LIMIT 1`,
    );
    if (rows.length > 0) {
      throw new Error('Transferred sessions exist: their records cannot be undone');
    }
    await q.query(`
      ALTER TABLE infusion_sessions
        DROP CONSTRAINT infusion_sessions_sign_needs_discharge_or_transfer,
        ADD CONSTRAINT infusion_sessions_sign_needs_discharge
          CHECK (signed_at IS NULL OR discharged_at IS NOT NULL),
        DROP CONSTRAINT infusion_sessions_transfer_has_reason,
        DROP COLUMN transfer_destination,
        DROP COLUMN transfer_reason,
        DROP COLUMN transferred_by,
        DROP COLUMN transferred_at`);
    // PostgreSQL cannot drop an enum value; 'transferred' stays in session_status, unused.
  }
}
