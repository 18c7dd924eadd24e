import { auth, loginAsRootAdmin, newClinicWorld, newPatient } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

// Issue 10: a pool whose every connection stays in use answers 503 SERVICE_BUSY with Retry-After,
// never "database unavailable"; readiness, on its own connection, stays 200; nothing is lost.
describe('a busy pool', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ DB_POOL_SIZE: '2' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should answer SERVICE_BUSY with Retry-After while every connection waits, and finish the waiting writes', async () => {
    const root = await loginAsRootAdmin(app);
    const world = await newClinicWorld(app, root);
    const token = world.staff.front_desk.token;
    const patient = await newPatient(app, token);

    // Both connections of the pool end up waiting on a row lock this test holds.
    const holder = await app.db.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM patients WHERE id = $1 FOR UPDATE', [patient.id]);
    const patch = (phone: string) =>
      app
        .http()
        .patch(`/api/v1/patients/${patient.id}`)
        .set(auth(token))
        .send({ phone })
        .then((r) => r);
    const writes = [patch('+1 303 555 0100'), patch('+1 303 555 0101')];
    try {
      await waitFor(async () => {
        const { rows } = await app.db.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0]?.waiting === 2;
      });

      const read = await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token));
      expectProblem(read, 503, 'SERVICE_BUSY');
      expect(read.headers['retry-after']).toBe('1');
      const ready = await app.http().get('/health/ready');
      expect(ready.status).toBe(200);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const done = await Promise.all(writes);
    expect(done.map((r) => r.status)).toEqual([200, 200]);
    const after = await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token));
    expect(after.status).toBe(200);
    expect(after.body.version).toBe(patient.version + 2);
    expect(app.logs()).not.toMatch(/unhandled error/);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
