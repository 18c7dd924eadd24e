import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's request traffic runs as a member of `ketamine_clinic_service`, a role that holds
 * only the DML the app needs (README "Database roles"); the role that runs the migrations owns the
 * schema and stays the only one that can ALTER, DROP, TRUNCATE or disable a trigger. The evidence
 * tables are INSERT and SELECT only: their append-only triggers stop UPDATE and DELETE, and without
 * ownership nobody on the service's credentials can switch those triggers off.
 *
 * Convention for every later migration that creates a table: the default privileges below give the
 * service SELECT, INSERT and UPDATE on it (only when the same owner runs it); an append-only table
 * revokes UPDATE, a table the app deletes from grants DELETE, and the table is added to the
 * expected grants in test/database-privileges.e2e-spec.ts, which fails for a table it does not know.
 *
 * The role is cluster-wide, so it is created only when missing (that needs CREATEROLE; where the
 * owner lacks it, an administrator creates `ketamine_clinic_service` NOLOGIN first).
 */
const SERVICE_ROLE = 'ketamine_clinic_service';

/** Append-only evidence: the triggers refuse UPDATE and DELETE; the privileges do too. */
const INSERT_ONLY = [
  'audit_events',
  'treatment_plan_versions',
  'treatment_plan_events',
  'session_addenda',
  'controlled_substance_ledger_entries',
];

/** The tables the app deletes from: replaced identifiers, left memberships, expired keys. */
const WITH_DELETE = ['patient_identifiers', 'user_clinics', 'idempotency_keys'];

export class LeastPrivilegeServiceRole1763700610000 implements MigrationInterface {
  name = 'LeastPrivilegeServiceRole1763700610000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SERVICE_ROLE}') THEN
          CREATE ROLE ${SERVICE_ROLE} NOLOGIN;
        END IF;
      END $$`);
    // Nothing in the schema for PUBLIC (PostgreSQL < 15 let every role create in public), and no
    // temporary tables on the service's connection either (a warning only where the owner does not
    // own the database).
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
      END $$`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, ${SERVICE_ROLE}`);

    await q.query(`GRANT USAGE ON SCHEMA public TO ${SERVICE_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${SERVICE_ROLE}`);
    await q.query(`REVOKE UPDATE ON ${INSERT_ONLY.join(', ')} FROM ${SERVICE_ROLE}`);
    await q.query(`GRANT DELETE ON ${WITH_DELETE.join(', ')} TO ${SERVICE_ROLE}`);
    // The service reads which migrations ran (it migrates nothing itself when it is restricted).
    await q.query(`REVOKE INSERT, UPDATE ON schema_migrations FROM ${SERVICE_ROLE}`);

    await q.query(`
      ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE ON TABLES TO ${SERVICE_ROLE}`);
    await q.query(`
      ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT USAGE, SELECT ON SEQUENCES TO ${SERVICE_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER DEFAULT PRIVILEGES IN SCHEMA public
        REVOKE USAGE, SELECT ON SEQUENCES FROM ${SERVICE_ROLE}`);
    await q.query(`
      ALTER DEFAULT PRIVILEGES IN SCHEMA public
        REVOKE SELECT, INSERT, UPDATE ON TABLES FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${SERVICE_ROLE}`);
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
      END $$`);
    // The role itself stays: it is cluster-wide and other databases may grant to it.
  }
}
