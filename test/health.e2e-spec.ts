import { Client } from 'pg';
import { auth, loginAsRootAdmin, newClinic, newPatient } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

async function asAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

describe('health', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await asAdmin((admin) =>
      admin.query(`ALTER DATABASE ${app.databaseName} ALLOW_CONNECTIONS true`),
    );
    await app.stop();
  });

  it('should answer /health/live and /health/ready with 200 and no token', async () => {
    const live = await app.http().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await app.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok' });
  });

  it('should answer 503 problem+json while the database refuses connections, and 200 once it is back', async () => {
    const token = await loginAsRootAdmin(app);
    const clinic = await newClinic(app, token);
    const patient = await newPatient(app, token, { clinicId: clinic.id });

    await asAdmin(async (admin) => {
      await admin.query(`ALTER DATABASE ${app.databaseName} ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [app.databaseName],
      );
    });
    try {
      const ready = await app.http().get('/health/ready');
      expectProblem(ready, 503, 'DATABASE_UNAVAILABLE');

      const live = await app.http().get('/health/live');
      expect(live.status).toBe(200);

      // Patient calls during the outage: a 503 problem, never a 500.
      const calls = await Promise.all([
        app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token)),
        app.http().get('/api/v1/patients').set(auth(token)),
        app.http().post('/api/v1/patients').set(auth(token)).send({
          clinicId: clinic.id,
          firstName: 'Outage',
          lastName: 'Test',
          dateOfBirth: '1980-01-01',
          sexAtBirth: 'male',
        }),
        app
          .http()
          .post('/api/v1/auth/login')
          .send({ email: 'root-admin@test.example', password: 'whatever-password' }),
      ]);
      for (const response of calls) {
        expectProblem(response, 503, 'DATABASE_UNAVAILABLE');
      }
      expect(app.logs()).not.toMatch(/"level":50.*"statusCode":500|unhandled error/);
    } finally {
      await asAdmin((admin) =>
        admin.query(`ALTER DATABASE ${app.databaseName} ALLOW_CONNECTIONS true`),
      );
    }

    // The pool reconnects by itself: no restart needed.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i += 1) {
      status = (await app.http().get('/health/ready')).status;
      if (status !== 200) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(status).toBe(200);
    const again = await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token));
    expect(again.status).toBe(200);
  });

  it('should exit with code 0 within a few seconds of SIGTERM', async () => {
    const other = await startTestApp();
    const started = Date.now();
    const code = await other.stop();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(other.exitCode()).toBe(0);
  });
});
