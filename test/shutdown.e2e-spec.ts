import { connect } from 'node:net';
import { Client } from 'pg';
import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, loginAsRootAdmin, newClinic, newPatient } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { withDatabase } from 'test/support/test-env';

// Issue 11, point 4: a shutdown an orchestrator can rely on.
describe('Graceful shutdown on SIGTERM', () => {
  it('should report 503 at once, serve through the drain, finish what is in flight, cut a stalled client at the deadline, and exit 0', async () => {
    const app: TestApp = await startTestApp({
      SHUTDOWN_DRAIN_MS: '1500',
      SHUTDOWN_TIMEOUT_MS: '6000',
    });
    const token = await loginAsRootAdmin(app);
    const clinicId = (await newClinic(app, token)).id;
    const patient = await newPatient(app, token, { clinicId });

    // A read that is held inside the database until we let it go.
    const locker = new Client({
      connectionString: withDatabase(
        process.env.TEST_ADMIN_DATABASE_URL as string,
        app.databaseName,
      ),
    });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE patients IN ACCESS EXCLUSIVE MODE');
    const inFlight = app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token));
    const inFlightDone = inFlight.then((r) => r);
    // And a client that sends half a body and then nothing.
    const { port } = new URL(app.url);
    const stalled = connect(Number(port), '127.0.0.1');
    stalled.on('error', () => undefined);
    stalled.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    app.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ready = await app.http().get('/health/ready');
    const live = await app.http().get('/health/live');
    await new Promise((resolve) => setTimeout(resolve, 1800));
    // Past the drain: the listener is closed.
    const late = await fetch(`${app.url}/health/live`).then(
      (r) => r.status,
      () => 'refused',
    );
    await locker.query('ROLLBACK');
    await locker.end();
    const finished = await inFlightDone;
    const code = await app.exited;

    expectProblem(ready, 503, 'SHUTTING_DOWN');
    expect(live.status).toBe(200);
    expect(late).toBe('refused');
    expect(finished.status).toBe(200);
    expect(finished.body.id).toBe(patient.id);
    expect(code).toBe(0);
    expect(stalled.destroyed || stalled.readableEnded).toBe(true);
    await app.stop();
  });
});
