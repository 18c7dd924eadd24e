import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A signed session record is locked in the database itself, not only in the service: once
 * signed_at is set, the row can neither change nor be deleted (corrections are addenda, a table of
 * their own; vitals, adverse events and infusion events were locked by 1763700210000). Signing
 * itself (signed_at from null to a time) is still allowed. The error names the constraint
 * infusion_sessions_signed_lock, which the API answers as 409 SESSION_SIGNED.
 */
export class LockSignedSessionsInDatabase1763700410000 implements MigrationInterface {
  name = 'LockSignedSessionsInDatabase1763700410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION infusion_sessions_signed_lock() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.signed_at IS NOT NULL THEN
          RAISE EXCEPTION 'session record is signed and locked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'infusion_sessions_signed_lock';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER infusion_sessions_signed_lock BEFORE UPDATE OR DELETE ON infusion_sessions
      FOR EACH ROW EXECUTE FUNCTION infusion_sessions_signed_lock()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER infusion_sessions_signed_lock ON infusion_sessions`);
    await q.query(`DROP FUNCTION infusion_sessions_signed_lock()`);
  }
}
