import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { TestApp } from 'test/support/test-app';
import { auth } from 'test/support/fixtures';
import { BOOTSTRAP_ADMIN, TEST_JWT_SECRET, withDatabase } from 'test/support/test-env';

export type Responses = (number | null)[];

export const PHQ9 = {
  /** total 8, mild, item 9 = 0 */
  mild: [1, 1, 1, 1, 1, 1, 1, 1, 0],
  /** total 20, severe */
  severe: [3, 3, 3, 3, 2, 2, 2, 2, 0] as Responses,
  withItem9: (item9: number): Responses => [1, 1, 1, 1, 1, 1, 1, 1, item9],
  /** Any total from 0 to 24 with item 9 = 0. */
  total: (t: number): Responses =>
    Array.from({ length: 9 }, (_, i) => (i === 8 ? 0 : Math.min(3, Math.max(0, t - 3 * i)))),
};

export const CSSRS = {
  none: [0, 0, null, null, null, 0, null] as Responses,
  low: [1, 1, 0, 0, 0, 0, null] as Responses,
  moderate: [1, 1, 1, 0, 0, 0, null] as Responses,
  high: [1, 1, 1, 1, 0, 0, null] as Responses,
};

/** POST /assessments; returns the raw response so tests can assert errors too. */
export function postAssessment(
  app: TestApp,
  token: string,
  body: Record<string, unknown>,
): request.Test {
  return app
    .http()
    .post('/api/v1/assessments')
    .set(auth(token))
    .send({ context: 'pre_session', ...body });
}

export async function recordAssessment(
  app: TestApp,
  token: string,
  patientId: string,
  instrumentCode: string,
  responses: Responses,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; alerts: { id: string; kind: string }[] }> {
  const response = await postAssessment(app, token, {
    patientId,
    instrumentCode,
    responses,
    ...extra,
  });
  if (response.status !== 201) {
    throw new Error(`assessment failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Record<string, unknown> & {
    id: string;
    alerts: { id: string; kind: string }[];
  };
}

export async function newFollowUp(
  app: TestApp,
  token: string,
  patientId: string,
  dueDate: string,
): Promise<Record<string, unknown> & { id: string; version: number }> {
  const response = await app
    .http()
    .post('/api/v1/follow-ups')
    .set(auth(token))
    .send({ patientId, dueDate });
  if (response.status !== 201) {
    throw new Error(`follow-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Record<string, unknown> & { id: string; version: number };
}

/** Today's date in a time zone, as the server computes it. */
export function todayIn(timeZone: string, offsetDays = 0): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const d = new Date(`${parts}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * Runs SessionHooks (the discharge handlers and pre-infusion checks other modules registered) in
 * the built app, in its own process on the test app's database: what SessionsService does on
 * discharge and before starting an infusion.
 */
export async function callSessionHooks(
  app: TestApp,
  calls: Record<string, unknown>[],
): Promise<({ ok: unknown } | { error: { code: string; status: number; message: string } })[]> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL as string;
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'test', 'support', 'session-hooks-harness.js'), JSON.stringify(calls)],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(ROOT, 'dist'),
        NODE_ENV: 'test',
        DATABASE_URL: withDatabase(adminUrl, app.databaseName),
        JWT_SECRET: TEST_JWT_SECRET,
        BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP_ADMIN.email,
        BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP_ADMIN.password,
        LOG_LEVEL: 'silent',
        SHUTDOWN_DRAIN_MS: '0',
        DB_POOL_SIZE: '2',
      },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  const marker = stdout.lastIndexOf('@@RESULTS@@');
  if (marker < 0) {
    throw new Error(`session hooks harness gave no results:\n${stdout}`);
  }
  return JSON.parse(stdout.slice(marker + '@@RESULTS@@'.length)) as (
    { ok: unknown } | { error: { code: string; status: number; message: string } }
  )[];
}

/**
 * A discharged infusion session row, written straight to the database: the sessions API to
 * schedule and run one is another module's; these tests only need a session to link to.
 */
export async function insertDischargedSession(
  app: TestApp,
  s: { clinicId: string; patientId: string; planId: string; nurseId: string; adminToken: string },
): Promise<string> {
  const chair = await app
    .http()
    .post(`/api/v1/clinics/${s.clinicId}/chairs`)
    .set(auth(s.adminToken))
    .send({ name: `Chair ${Math.random().toString(36).slice(2, 8)}` });
  if (chair.status !== 201) {
    throw new Error(`chair failed: ${chair.status} ${JSON.stringify(chair.body)}`);
  }
  const start = new Date(Date.now() - (2 + Math.floor(Math.random() * 1000)) * 86_400_000);
  const { rows } = await app.db.query<{ id: string }>(
    `INSERT INTO infusion_sessions (clinic_id, patient_id, plan_id, plan_phase, plan_amendment_number,
       chair_id, nurse_id, status, scheduled_start, infusion_minutes, recovery_minutes, booked_during,
       scheduled_by, discharged_at, discharged_by)
     VALUES ($1, $2, $3, 'induction', 1, $4, $5, 'discharged', $6, 40, 30,
       tstzrange($6, $6::timestamptz + interval '70 minutes'), $5, $6::timestamptz + interval '80 minutes', $5)
     RETURNING id`,
    [s.clinicId, s.patientId, s.planId, chair.body.id, s.nurseId, start.toISOString()],
  );
  return rows[0]?.id ?? '';
}
