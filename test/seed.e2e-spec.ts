import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { auth, login } from 'test/support/fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';
import { asRole, TEMPLATE_DATABASE, TEST_OWNER, withDatabase } from 'test/support/test-env';

const execFileAsync = promisify(execFile);
const SEED = join(__dirname, '..', 'scripts', 'seed', 'main.js');
const ARGS = ['--patients', '40', '--clinics', '2', '--seed', 'e2e', '--json'];

interface Summary {
  clinics: { id: string; name: string }[];
  logins: { email: string; password: string; role: string; clinicIds: string[] }[];
  allClinicsClinician: string;
  dates: { sessionDate: string };
  counts: { patients: number; sessions: number; rows: Record<string, number> };
}

const adminUrl = () => process.env.TEST_ADMIN_DATABASE_URL as string;
const databases: string[] = [];

async function admin<T>(fn: (client: Client) => Promise<T>, database?: string): Promise<T> {
  const client = new Client({
    connectionString: database ? withDatabase(adminUrl(), database) : adminUrl(),
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh clone of the migrated template, dropped after the file. */
async function freshDatabase(): Promise<string> {
  const name = `kc_test_seed_${randomBytes(5).toString('hex')}`;
  await admin((c) =>
    c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} OWNER ${TEST_OWNER.user}`),
  );
  databases.push(name);
  return name;
}

/**
 * Runs the seed as `npm run seed` does (node scripts/seed/main.js, dist/ already built), as the
 * schema owner, not a superuser: it drops and rebuilds indexes of tables the owner owns.
 */
async function seed(database: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, [SEED, ...args], {
    env: {
      ...process.env,
      DATABASE_URL: asRole(withDatabase(adminUrl(), database), TEST_OWNER),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'kc-seed-')),
    },
  });
}

/** A digest of a table's rows in id order (every column); audit events of the seed only. */
function digest(database: string, table: string): Promise<string> {
  // The app started on the first database audits its logins and reads, after the base date.
  const where = table === 'audit_events' ? `WHERE occurred_at < '2026-12-01'` : '';
  // An event's transaction id (the sealing order) is the run's, not the seed's.
  const row = table === 'audit_events' ? `(to_jsonb(t) - 'tx')::text` : 't::text';
  return admin(async (c) => {
    const { rows } = await c.query<{ md5: string }>(
      `SELECT md5(string_agg(${row}, '|' ORDER BY t.id)) AS md5 FROM ${table} t ${where}`,
    );
    return rows[0]?.md5 ?? '';
  }, database);
}

/** Per chain, how many of the seed's events are sealed and a digest of their links in order. */
function sealedLinks(database: string): Promise<{ links: number; md5: string }[]> {
  return admin(async (c) => {
    const { rows } = await c.query<{ links: number; md5: string }>(
      `SELECT count(*)::int AS links,
              md5(string_agg(c.seq || ':' || encode(c.link, 'hex'), '|' ORDER BY c.seq)) AS md5
         FROM audit_chain c JOIN audit_events e ON e.id = c.event_id
        WHERE e.occurred_at < '2026-12-01' GROUP BY c.chain_key ORDER BY links, md5`,
    );
    return rows;
  }, database);
}

/**
 * The schema objects the seed sets aside and replays (README "Seed data"): every constraint with
 * its definition and state, every index, every trigger (a foreign key's internal ones by their
 * constraint) with whether it is enabled, and the columns.
 */
const SCHEMA_SQL = `
  SELECT 'constraint' AS kind, conrelid::regclass::text AS rel, conname::text AS name,
         concat_ws(' ', contype, condeferrable, condeferred, convalidated,
                   pg_get_constraintdef(oid)) AS def
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'index', i.indrelid::regclass::text, c.relname::text,
         concat_ws(' ', i.indisvalid, i.indisclustered, i.indisreplident,
                   pg_get_indexdef(i.indexrelid))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
   WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'trigger', t.tgrelid::regclass::text, coalesce(k.conname, t.tgname)::text,
         concat_ws(' ', t.tgenabled, t.tgisinternal, t.tgtype, t.tgfoid::regproc,
                   CASE WHEN NOT t.tgisinternal THEN pg_get_triggerdef(t.oid) END)
    FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
    LEFT JOIN pg_constraint k ON k.oid = t.tgconstraint
   WHERE r.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'column', a.attrelid::regclass::text, a.attname::text,
         concat_ws(' ', format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid))
    FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE r.relnamespace = 'public'::regnamespace AND r.relkind = 'r'
     AND a.attnum > 0 AND NOT a.attisdropped
   ORDER BY 1, 2, 3, 4`;

function schemaOf(database: string): Promise<string[]> {
  return admin(async (c) => {
    const { rows } = await c.query<{ kind: string; rel: string; name: string; def: string }>(
      SCHEMA_SQL,
    );
    return rows.map((r) => `${r.kind} ${r.rel} ${r.name}: ${r.def}`);
  }, database);
}

describe('seed data (npm run seed)', () => {
  let first: string;
  let summary: Summary;
  let app: TestApp | undefined;

  beforeAll(async () => {
    first = await freshDatabase();
    const { stdout } = await seed(first, ARGS);
    summary = JSON.parse(stdout) as Summary;
  });

  afterAll(async () => {
    await app?.stop();
    for (const name of databases) {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });

  it('prints the clinics, the staff logins and the counts', () => {
    expect(summary.clinics).toHaveLength(2);
    expect(summary.counts.patients).toBe(40);
    expect(summary.counts.sessions).toBeGreaterThan(0);
    const everywhere = summary.logins.find((l) => l.email === summary.allClinicsClinician);
    expect(everywhere?.role).toBe('clinician');
    expect(everywhere?.clinicIds.sort()).toEqual(summary.clinics.map((c) => c.id).sort());
    for (const role of ['admin', 'clinician', 'nurse', 'front_desk']) {
      expect(summary.logins.some((l) => l.role === role)).toBe(true);
    }
    expect(summary.dates.sessionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('serves the seeded data to the all-clinic clinician', async () => {
    app = await startTestApp({}, { databaseName: first });
    const login0 = summary.logins.find((l) => l.email === summary.allClinicsClinician);
    const token = await login(app, login0?.email ?? '', login0?.password ?? '');

    const patients = await app.http().get('/api/v1/patients?limit=100').set(auth(token));
    expect(patients.status).toBe(200);
    const clinicIds = new Set(
      (patients.body.data as { clinicId: string }[]).map((p) => p.clinicId),
    );
    expect([...clinicIds].sort()).toEqual(summary.clinics.map((c) => c.id).sort());

    const { rows } = await app.db.query<{ id: string }>(
      `SELECT id FROM infusion_sessions WHERE status = 'discharged' ORDER BY id LIMIT 1`,
    );
    const sessionId = rows[0]?.id ?? '';
    const session = await app.http().get(`/api/v1/sessions/${sessionId}`).set(auth(token));
    expect(session.status).toBe(200);
    const vitals = await app.http().get(`/api/v1/sessions/${sessionId}/vitals`).set(auth(token));
    expect(vitals.status).toBe(200);
    expect(vitals.body.data.length).toBeGreaterThan(2);
    expect(vitals.body.data[0]).toEqual(
      expect.objectContaining({ systolic: expect.any(Number), spo2: expect.any(Number) }),
    );
  });

  it('leaves the schema as the migrations made it: constraints, indexes and triggers replayed', async () => {
    const migrated = await schemaOf(await freshDatabase());
    expect(migrated.filter((line) => line.startsWith('trigger ')).length).toBeGreaterThan(100);
    expect(await schemaOf(first)).toEqual(migrated);
  });

  it('makes identical rows from the same --seed', async () => {
    const second = await freshDatabase();
    await seed(second, ARGS);
    for (const table of [
      'patients',
      'patient_identifiers',
      'screenings',
      'treatment_plans',
      'infusion_sessions',
      'session_vitals',
      'session_infusion_events',
      'controlled_substance_ledger_entries',
      'follow_ups',
      'assessments',
      'audit_events',
    ]) {
      expect(await digest(second, table)).toBe(await digest(first, table));
    }
    // The seed seals its trail: the same events make the same hash chains, link for link.
    expect(await sealedLinks(second)).toEqual(await sealedLinks(first));
  });

  it('refuses a database that already has patients, writing nothing', async () => {
    const before = await digest(first, 'audit_events');
    const failed = await seed(first, ARGS).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/already has 40 patients.*--append.*--reset/);
    expect(await digest(first, 'audit_events')).toBe(before);
  });
});
