import { Client } from 'pg';
import { auth, loginAsRootAdmin, newClinic, newPatient } from 'test/support/fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';
import { TEST_SERVICE } from 'test/support/test-env';

const SERVICE_ROLE = 'ketamine_clinic_service';

const DML = 'INSERT, SELECT, UPDATE';
const INSERT_ONLY = 'INSERT, SELECT';
const WITH_DELETE = 'DELETE, INSERT, SELECT, UPDATE';

/**
 * What the service role holds on every table (migrations/1763700610000-LeastPrivilegeServiceRole.ts).
 * A migration that adds a table adds it here too: this test fails for a table it does not list, so
 * no table is left without grants, or with grants nobody decided on.
 */
const EXPECTED_GRANTS: Record<string, string> = {
  alerts: DML,
  assessments: DML,
  // The tamper-evident chain and its forward-only mark (migrations/1763700640000-AuditChain.ts).
  audit_chain: INSERT_ONLY,
  audit_chain_watermark: 'SELECT, UPDATE',
  audit_events: INSERT_ONLY,
  chairs: DML,
  clinics: DML,
  consents: DML,
  consultation_appointments: DML,
  consultation_requests: DML,
  controlled_substance_ledger_entries: INSERT_ONLY,
  controlled_substance_lots: DML,
  follow_ups: DML,
  idempotency_keys: WITH_DELETE,
  infusion_sessions: DML,
  journal_entries: DML,
  patient_identifiers: WITH_DELETE,
  patients: DML,
  // Counters the service sweeps (migrations/1763700620000-RateLimitWindows.ts).
  rate_limit_windows: WITH_DELETE,
  schema_migrations: 'SELECT',
  screenings: DML,
  session_addenda: INSERT_ONLY,
  session_adverse_events: DML,
  session_infusion_events: DML,
  session_schedule_changes: DML,
  session_stop_threshold_holds: DML,
  session_vitals: DML,
  staff_credentials: DML,
  treatment_plan_events: INSERT_ONLY,
  treatment_plan_infusions: DML,
  treatment_plan_versions: INSERT_ONLY,
  treatment_plans: DML,
  user_clinics: WITH_DELETE,
  users: DML,
};

/** The error PostgreSQL answers `sql` with on `client`, or null when it runs. */
async function refusal(client: Client, sql: string): Promise<string | null> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.query('ROLLBACK');
  }
}

// README "Database roles": the server serves as a restricted login and migrates as the owner, so
// its own credentials cannot rewrite, empty or untrigger the audit trail.
describe('database roles (least privilege)', () => {
  let app: TestApp;
  let service: Client;
  let token: string;
  let clinicId: string;

  beforeAll(async () => {
    app = await startTestApp();
    // The very credentials the server was started with.
    service = new Client({ connectionString: app.env.DATABASE_URL });
    await service.connect();
    token = await loginAsRootAdmin(app);
    clinicId = (await newClinic(app, token)).id;
  });
  afterAll(async () => {
    await service.end();
    await app.stop();
  });

  it('should serve requests as the restricted service login and say so at start', async () => {
    const { rows } = await app.db.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity
        WHERE datname = $1 AND application_name = 'ketamine-clinic-api'`,
      [app.databaseName],
    );
    expect(rows.map((row) => row.usename)).toEqual([TEST_SERVICE.user]);
    const { rows: member } = await service.query<{ member: boolean; superuser: boolean }>(
      `SELECT pg_has_role(current_user, $1, 'USAGE') AS member, rolsuper AS superuser
         FROM pg_roles WHERE rolname = current_user`,
      [SERVICE_ROLE],
    );
    expect(member[0]).toEqual({ member: true, superuser: false });
    // The log line is JSON, so its quotes are escaped.
    expect(app.logs()).toContain(`serving as database role \\"${TEST_SERVICE.user}\\" (DML only)`);
    expect(app.logs()).not.toContain('PRIVILEGED');
  });

  it("should refuse UPDATE, DELETE, TRUNCATE, DISABLE TRIGGER and DROP of audit_events on the service's own connection", async () => {
    await newPatient(app, token, { clinicId });
    const refusedBy = async (sql: string) => refusal(service, sql);

    // Refused by the privileges themselves, before the append-only trigger would be reached.
    expect(await refusedBy('UPDATE audit_events SET action_name = NULL')).toMatch(
      /permission denied for table audit_events/,
    );
    expect(await refusedBy('DELETE FROM audit_events')).toMatch(
      /permission denied for table audit_events/,
    );
    expect(await refusedBy('TRUNCATE audit_events')).toMatch(
      /permission denied for table audit_events/,
    );
    for (const sql of [
      'ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change',
      'ALTER TABLE audit_events DISABLE TRIGGER ALL',
      'DROP TRIGGER audit_events_no_change ON audit_events',
      'DROP TABLE audit_events',
    ]) {
      expect(await refusedBy(sql)).toMatch(/must be owner of (table|relation) audit_events/);
    }
    expect(
      await refusedBy(
        'CREATE OR REPLACE FUNCTION audit_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
      ),
    ).toMatch(
      /permission denied for schema public|must be owner of function audit_events_immutable/,
    );
    // Every trigger off for the session, as a replica would run.
    expect(await refusedBy('SET session_replication_role = replica')).toMatch(
      /permission denied to set parameter/,
    );
    // No objects of its own: not in the schema, not temporary.
    expect(await refusedBy('CREATE TABLE shadow_audit (id int)')).toMatch(
      /permission denied for schema public/,
    );
    expect(await refusedBy('CREATE TEMPORARY TABLE shadow_audit (id int)')).toMatch(
      /permission denied to create temporary tables/,
    );
    expect(await refusedBy('ALTER TABLE patients ADD COLUMN shadow text')).toMatch(
      /must be owner of (table|relation) patients/,
    );

    const { rows } = await app.db.query<{ tgname: string; tgenabled: string }>(
      `SELECT tgname, tgenabled FROM pg_trigger
        WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(rows).toEqual([
      { tgname: 'audit_events_no_change', tgenabled: 'O' },
      { tgname: 'audit_events_no_truncate', tgenabled: 'O' },
    ]);
  });

  it('should let the service INSERT and SELECT audit events', async () => {
    await service.query('BEGIN');
    try {
      const inserted = await service.query<{ id: string }>(
        `INSERT INTO audit_events (action, resource_type, request_id)
         VALUES ('read', 'privilege-probe', 'privilege-probe') RETURNING id`,
      );
      const read = await service.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events WHERE id = $1`,
        [inserted.rows[0]?.id],
      );
      expect(read.rows[0]?.n).toBe(1);
    } finally {
      await service.query('ROLLBACK');
    }
  });

  it('should still serve audited writes: a patient created and read back leaves its events', async () => {
    const created = await app.http().post('/api/v1/patients').set(auth(token)).send({
      clinicId,
      firstName: 'Least',
      lastName: 'Privilege',
      dateOfBirth: '1980-02-02',
      sexAtBirth: 'female',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const read = await app.http().get(`/api/v1/patients/${id}`).set(auth(token));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, firstName: 'Least', lastName: 'Privilege' });

    const { rows } = await service.query<{ action: string; request_id: string }>(
      `SELECT action::text, request_id FROM audit_events
        WHERE resource_type = 'Patient' AND resource_id = $1 ORDER BY occurred_at`,
      [id],
    );
    expect(rows).toEqual([
      { action: 'create', request_id: created.headers['x-request-id'] },
      { action: 'read', request_id: read.headers['x-request-id'] },
    ]);
  });

  it('should hold every table to the grants the app needs, and nothing more', async () => {
    const { rows } = await app.db.query<{ table: string; privileges: string | null }>(
      `SELECT c.relname AS table,
              (SELECT string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type)
                 FROM aclexplode(c.relacl) a
                WHERE a.grantee = $1::regrole) AS privileges
         FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
      [SERVICE_ROLE],
    );
    const actual = Object.fromEntries(rows.map((row) => [row.table, row.privileges ?? 'none']));
    expect(actual).toEqual(EXPECTED_GRANTS);

    // Tables created by later migrations are covered by default (then narrowed where needed).
    const { rows: defaults } = await app.db.query<{ kind: string; privileges: string }>(
      `SELECT d.defaclobjtype AS kind,
              string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) AS privileges
         FROM pg_default_acl d, aclexplode(d.defaclacl) a
        WHERE d.defaclnamespace = 'public'::regnamespace AND a.grantee = $1::regrole
        GROUP BY d.defaclobjtype ORDER BY 1`,
      [SERVICE_ROLE],
    );
    expect(defaults).toEqual([
      { kind: 'S', privileges: 'SELECT, USAGE' },
      { kind: 'r', privileges: DML },
    ]);
  });
});
