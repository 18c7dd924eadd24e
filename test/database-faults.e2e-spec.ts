import { Client } from 'pg';
import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, loginAsRootAdmin, newClinic, newPatient } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { withDatabase } from 'test/support/test-env';

const patientBody = (clinicId: string, lastName: string) => ({
  clinicId,
  firstName: 'Fault',
  lastName,
  dateOfBirth: '1980-03-04',
  sexAtBirth: 'female',
});

/** A session of the test's own that holds the patients table, as a long migration or a stuck job would. */
async function lockPatients(app: TestApp): Promise<() => Promise<void>> {
  const client = new Client({
    connectionString: withDatabase(process.env.TEST_ADMIN_DATABASE_URL as string, app.databaseName),
  });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE patients IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** The service's sessions on app's database that are waiting for a lock. */
async function lockWaiters(observer: TestApp, app: TestApp): Promise<number> {
  const { rows } = await observer.db.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = $1 AND application_name = 'ketamine-clinic-api' AND wait_event_type = 'Lock'`,
    [app.databaseName],
  );
  return rows[0].n as number;
}

const count = async (app: TestApp, lastName: string): Promise<number> =>
  Number(
    (await app.db.query('SELECT count(*) FROM patients WHERE last_name = $1', [lastName])).rows[0]
      .count,
  );

// Issue 11, points 2, 3 and 9: database faults are 503, never 500, and lose nothing acknowledged.
describe('Database faults', () => {
  let first: TestApp;
  let token: string;
  let clinicId: string;
  const servers: TestApp[] = [];
  const start = async (env: Record<string, string>): Promise<TestApp> => {
    const app = await startTestApp(env, { databaseName: first.databaseName });
    servers.push(app);
    return app;
  };

  beforeAll(async () => {
    first = await startTestApp();
    servers.push(first);
    token = await loginAsRootAdmin(first);
    clinicId = (await newClinic(first, token)).id;
  });
  afterAll(async () => {
    await Promise.all(servers.map((app) => app.stop()));
  });

  it('should answer 503 SERVICE_BUSY when a lock is held past the lock timeout, and keep nothing', async () => {
    const app = await start({ DB_LOCK_TIMEOUT_MS: '300', DB_STATEMENT_TIMEOUT_MS: '10000' });
    const unlock = await lockPatients(app);
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'lock-timeout-1')
      .send(patientBody(clinicId, 'LockTimeout'));
    await unlock();

    expectProblem(response, 503, 'SERVICE_BUSY');
    expect(response.headers['retry-after']).toBe('1');
    expect(await count(app, 'LockTimeout')).toBe(0);
    // The key was never kept: the retry runs, once.
    const retry = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'lock-timeout-1')
      .send(patientBody(clinicId, 'LockTimeout'));
    expect(retry.status).toBe(201);
    expect(await count(app, 'LockTimeout')).toBe(1);
  });

  it('should answer 503 DATABASE_TIMEOUT when a statement passes the statement timeout', async () => {
    const app = await start({ DB_LOCK_TIMEOUT_MS: '10000', DB_STATEMENT_TIMEOUT_MS: '300' });
    const patient = await newPatient(app, token, { clinicId });
    const unlock = await lockPatients(app);
    const response = await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token));
    await unlock();

    expectProblem(response, 503, 'DATABASE_TIMEOUT');
    expect((await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token))).status).toBe(
      200,
    );
  });

  it('should answer 503 REQUEST_TIMEOUT at the deadline, free the connection, and let the retry run once', async () => {
    const app = await start({
      REQUEST_TIMEOUT_MS: '600',
      DB_LOCK_TIMEOUT_MS: '20000',
      DB_STATEMENT_TIMEOUT_MS: '20000',
    });
    const unlock = await lockPatients(app);
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'deadline-1')
      .send(patientBody(clinicId, 'Deadline'));

    expectProblem(response, 503, 'REQUEST_TIMEOUT');
    // The request's backend stops waiting for the lock once its connection is closed.
    expect(await until(async () => (await lockWaiters(first, app)) === 0, 10_000)).toBe(true);
    await unlock();
    expect(await count(app, 'Deadline')).toBe(0);
    const retry = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'deadline-1')
      .send(patientBody(clinicId, 'Deadline'));
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await count(app, 'Deadline')).toBe(1);
  });

  it('should answer only 503s while the database refuses connections, then 2xx within 5 s of its return, losing nothing acknowledged', async () => {
    const app = await start({});
    const patient = await newPatient(app, token, { clinicId });
    // ALTER DATABASE must come from a session on another database.
    const admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    const load = () =>
      Promise.all([
        ...Array.from({ length: 10 }, () =>
          app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token)),
        ),
        ...Array.from({ length: 5 }, (_, i) =>
          app
            .http()
            .post('/api/v1/patients')
            .set(auth(token))
            .set('Idempotency-Key', `outage-${i}`)
            .send(patientBody(clinicId, `Outage${i}`)),
        ),
      ]);

    await admin.query(`ALTER DATABASE ${app.databaseName} ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND application_name LIKE 'ketamine-clinic-api%'`,
      [app.databaseName],
    );
    const during = await load();
    await admin.query(`ALTER DATABASE ${app.databaseName} ALLOW_CONNECTIONS true`);
    await admin.end();
    // The figure: 2xx again within 5 s of the database's return.
    const recovered = await until(
      async () =>
        (await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token))).status === 200,
      5000,
    );

    during.forEach((r) => expectProblem(r, 503, 'DATABASE_UNAVAILABLE'));
    expect(recovered).toBe(true);
    // Every write: a 2xx during the outage is kept; a retry with its key makes or replays it once.
    const written = during.slice(10);
    for (const [i, response] of written.entries()) {
      const retry = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .set('Idempotency-Key', `outage-${i}`)
        .send(patientBody(clinicId, `Outage${i}`));
      expect(retry.status).toBe(201);
      if (response.status === 201) {
        expect(retry.body.id).toBe(response.body.id);
      }
      expect(await count(app, `Outage${i}`)).toBe(1);
    }
  });

  it('should answer 503, never 500, when connections die under requests in flight, and run each retried write once', async () => {
    const app = await start({});
    const patient = await newPatient(app, token, { clinicId });
    const unlock = await lockPatients(app);
    const inFlight = Promise.all([
      ...Array.from({ length: 4 }, () =>
        app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token)),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        app
          .http()
          .post('/api/v1/patients')
          .set(auth(token))
          .set('Idempotency-Key', `reset-${i}`)
          .send(patientBody(clinicId, `Reset${i}`)),
      ),
    ]);
    await until(async () => (await lockWaiters(first, app)) >= 8, 5000);
    await first.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND application_name = 'ketamine-clinic-api'`,
      [app.databaseName],
    );
    const answers = await inFlight;
    await unlock();

    answers.forEach((r) => expectProblem(r, 503, 'DATABASE_UNAVAILABLE'));
    for (let i = 0; i < 4; i++) {
      const retry = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .set('Idempotency-Key', `reset-${i}`)
        .send(patientBody(clinicId, `Reset${i}`));
      expect(retry.status).toBe(201);
      expect(await count(app, `Reset${i}`)).toBe(1);
    }
  });

  it('should keep every acknowledged write across a kill -9 of the service, and replay or run once each retried key', async () => {
    const app = await start({});
    const send = (server: TestApp, i: number) =>
      server
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .set('Idempotency-Key', `crash-${i}`)
        .send(patientBody(clinicId, `Crash${i}`));
    const done = await Promise.all(Array.from({ length: 6 }, (_, i) => send(app, i)));
    // Six more are inside their transactions, key claimed, when the process dies.
    const unlock = await lockPatients(app);
    const inFlight = Array.from({ length: 6 }, (_, i) => send(app, 6 + i).catch(() => null));
    await until(async () => (await lockWaiters(first, app)) >= 6, 5000);
    app.signal('SIGKILL');
    await app.exited;
    await Promise.all(inFlight);
    await unlock();

    const restarted = await start({});
    for (let i = 0; i < 12; i++) {
      const retry = await send(restarted, i);
      expect(retry.status).toBe(201);
      if (i < 6) {
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect(retry.body.id).toBe(done[i]?.body.id);
      }
      expect(await count(restarted, `Crash${i}`)).toBe(1);
    }
    expect(done.map((r) => r.status)).toEqual(Array(6).fill(201));
  });
});
