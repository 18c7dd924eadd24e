import type { Response } from 'supertest';
import { auth, loginAsRootAdmin, newClinic, newPatient } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { PrivateCluster, startPrivateCluster } from 'test/support/private-postgres';
import { startTestApp, TestApp } from 'test/support/test-app';

// Generous: two servers, initdb and crash recovery share two cores with other engineers' tests.
const TEST_TIMEOUT_MS = 120_000;
// A request answers by the first of its timeouts; the tests' bounds add this much to that timeout
// for a loaded machine. They check that it answered (liveness), not how fast.
const SLACK_MS = 5000;
// The kill test's servers: a 5 s request deadline.
const ANSWER_BOUND_MS = 5000 + SLACK_MS;
// The 503s the service gives when its database is gone, frozen or failing mid-commit.
const OUTAGE_CODES = [
  'DATABASE_UNAVAILABLE',
  'DATABASE_TIMEOUT',
  'REQUEST_TIMEOUT',
  'COMMIT_OUTCOME_UNKNOWN',
];

const patientBody = (clinicId: string, lastName: string) => ({
  clinicId,
  firstName: 'Crash',
  lastName,
  dateOfBirth: '1975-06-07',
  sexAtBirth: 'male',
});

interface Answer {
  key?: string;
  phase: 'before' | 'outage' | 'after';
  response?: Response;
  error?: string;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return true;
    }
    await sleep(100);
  }
  return false;
}

/** A request, timed, that records a transport failure (a hang past the bound, a reset) as such. */
async function timed(
  phase: Answer['phase'],
  send: () => Promise<Response>,
  key?: string,
): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await send();
    return { key, phase, response, ms: Date.now() - started };
  } catch (error) {
    return { key, phase, error: String(error), ms: Date.now() - started };
  }
}

/** Each answer is a 2xx or a 503 problem of the database's outage, in time; never a 500 or a hang. */
function expectOutageAnswers(answers: Answer[]): void {
  for (const answer of answers) {
    expect({ key: answer.key, error: answer.error }).toEqual({ key: answer.key, error: undefined });
    expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
    const response = answer.response as Response;
    if (response.status >= 300) {
      expectProblem(response, 503);
      expect(OUTAGE_CODES).toContain(response.body.code);
    }
  }
}

// Issue 11, point 9: PostgreSQL itself killed (kill -9) under writes, and frozen (SIGSTOP), on a
// cluster of this file's own so that the other test files' shared server is never touched.
describe('PostgreSQL crash and freeze', () => {
  let cluster: PrivateCluster;
  let app: TestApp;
  let token: string;
  let clinicId: string;
  const servers: TestApp[] = [];
  const start = async (env: Record<string, string>): Promise<TestApp> => {
    const server = await startTestApp(env, { cluster });
    servers.push(server);
    return server;
  };

  const createPatient = (server: TestApp, key: string) =>
    server
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', key)
      .timeout(ANSWER_BOUND_MS)
      .send(patientBody(clinicId, key));
  const readPatient = (server: TestApp, id: string) =>
    server.http().get(`/api/v1/patients/${id}`).set(auth(token)).timeout(ANSWER_BOUND_MS);
  const patientsNamed = async (lastName: string): Promise<string[]> =>
    (await app.db.query('SELECT id FROM patients WHERE last_name = $1', [lastName])).rows.map(
      (row: { id: string }) => row.id,
    );
  /**
   * Sends a key again as a client does after an outage: again while the service says to retry
   * shortly (503, or 409 while the key's first attempt is still being rolled back), then the answer.
   */
  const retryKey = async (server: TestApp, key: string): Promise<Response> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await createPatient(server, key);
      const retryable =
        response.status === 503 ||
        (response.status === 409 && response.body.code === 'IDEMPOTENCY_KEY_IN_USE');
      if (!retryable || Date.now() > deadline) {
        return response;
      }
      await sleep(500);
    }
  };

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    // Short deadlines: a request in flight when the database dies must answer well within the bound.
    app = await start({ REQUEST_TIMEOUT_MS: '5000', DB_STATEMENT_TIMEOUT_MS: '3000' });
    token = await loginAsRootAdmin(app);
    clinicId = (await newClinic(app, token)).id;
  }, TEST_TIMEOUT_MS);
  afterAll(async () => {
    // A cluster left frozen by a failed test would hold the servers' shutdown.
    await cluster?.thaw().catch(() => undefined);
    await Promise.all(servers.map((server) => server.stop()));
    await cluster?.stop();
  }, TEST_TIMEOUT_MS);

  it(
    'should answer only 2xx or 503 across a kill -9 of PostgreSQL under writes, 2xx within 5 s of its return, and keep every acknowledged write',
    async () => {
      const patient = await newPatient(app, token, { clinicId });
      let phase: Answer['phase'] = 'before';
      let running = true;
      let next = 0;
      const answers: Answer[] = [];
      // Four clients writing, each key once, pausing after a 503 as a client backing off would.
      const writer = async () => {
        while (running) {
          const key = `pgkill-${next++}`;
          const answer = await timed(phase, () => createPatient(app, key), key);
          answers.push(answer);
          if (answer.response?.status !== 201) {
            await sleep(200);
          }
        }
      };
      const reader = async () => {
        while (running) {
          answers.push(await timed(phase, () => readPatient(app, patient.id)));
          await sleep(100);
        }
      };
      const load = Promise.all([writer(), writer(), writer(), writer(), reader()]);
      const acknowledged = () => answers.filter((a) => a.key && a.response?.status === 201).length;
      let recovered: boolean | undefined;
      try {
        expect(await until(() => Promise.resolve(acknowledged() >= 8), 30_000)).toBe(true);
        phase = 'outage';
        await cluster.kill();
        // Requests meet a database that is not there before it comes back.
        await sleep(1000);
        await cluster.start();
        phase = 'after';
        // The figure: 2xx again within 5 s of the database's return.
        recovered = await until(
          async () => (await readPatient(app, patient.id).catch(() => undefined))?.status === 200,
          5000,
        );
        // Writes go on a little after the return.
        await sleep(1000);
      } finally {
        running = false;
        await load;
      }

      expect(recovered).toBe(true);
      expect(app.exitCode()).toBeNull();
      expectOutageAnswers(answers);
      const outage = answers.filter((a) => a.phase === 'outage');
      expect(outage.filter((a) => a.response?.status === 503).length).toBeGreaterThan(0);

      // Every acknowledged write is there, readable; every key, retried, has made exactly one
      // patient: the acknowledged ones are replayed with their id, the others ran (at most) once.
      const writes = answers.filter((a): a is Answer & { key: string } => a.key !== undefined);
      for (const write of writes) {
        const first = write.response?.status === 201 ? (write.response.body.id as string) : null;
        if (first) {
          const read = await readPatient(app, first);
          expect({ key: write.key, status: read.status, id: read.body.id }).toEqual({
            key: write.key,
            status: 200,
            id: first,
          });
        }
        const retry = await retryKey(app, write.key);
        expect({ key: write.key, status: retry.status }).toEqual({ key: write.key, status: 201 });
        if (first) {
          expect(retry.headers['idempotent-replayed']).toBe('true');
          expect(retry.body.id).toBe(first);
        }
        expect(await patientsNamed(write.key)).toEqual([retry.body.id]);
      }
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM patients WHERE last_name LIKE 'pgkill-%'`,
      );
      expect(rows[0].n).toBe(writes.length);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should answer 503 by the deadlines while PostgreSQL is frozen, keep /health/live 200, and serve 2xx within 5 s of its thaw',
    async () => {
      // statement_timeout 1 s on both, so the client's own read timeout is 3 s: a frozen server
      // never sends the cancellation. The first server's request deadline (2 s) comes before that,
      // the second's (8 s) after, so its answers come from the read timeout (or from the 3 s
      // connection timeout): either way nothing waits on the frozen server unbounded.
      const deadline = {
        server: await start({ DB_STATEMENT_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' }),
        bound: 2000 + SLACK_MS,
        codes: ['REQUEST_TIMEOUT'],
        // The probe's own 2 s timeout and the request's 2 s deadline race.
        readyCodes: ['REQUEST_TIMEOUT', 'DATABASE_UNAVAILABLE'],
      };
      const readTimeout = {
        server: await start({ DB_STATEMENT_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '8000' }),
        bound: 3000 + SLACK_MS,
        codes: ['DATABASE_TIMEOUT', 'DATABASE_UNAVAILABLE'],
        readyCodes: ['DATABASE_UNAVAILABLE'],
      };
      const cases = [deadline, readTimeout];
      const patient = await newPatient(deadline.server, token, { clinicId });
      // Pooled connections, which the frozen server will hold.
      await Promise.all(
        cases.flatMap(({ server }) =>
          Array.from({ length: 10 }, () => readPatient(server, patient.id)),
        ),
      );

      const keys: string[] = [];
      const round = (n: number) =>
        Promise.all(
          cases.map(({ server }, s) => {
            const key = `pgfreeze-${s}-${n}`;
            keys.push(key);
            return Promise.all([
              timed('outage', () => readPatient(server, patient.id)),
              timed('outage', () => createPatient(server, key), key),
              timed('outage', () => server.http().get('/health/ready').timeout(ANSWER_BOUND_MS)),
              timed('outage', () => server.http().get('/health/live').timeout(ANSWER_BOUND_MS)),
            ]);
          }),
        );
      await cluster.freeze();
      // A second round finds the connections the first left waiting on the frozen server.
      const rounds = [await round(1), await round(2)];
      await cluster.thaw();
      const recovered = await until(async () => {
        for (const { server } of cases) {
          const read = await readPatient(server, patient.id).catch(() => undefined);
          const ready = await server
            .http()
            .get('/health/ready')
            .catch(() => undefined);
          if (read?.status !== 200 || ready?.status !== 200) {
            return false;
          }
        }
        return true;
      }, 5000);

      for (const answers of rounds) {
        for (const [s, { bound, codes, readyCodes, server }] of cases.entries()) {
          const [read, write, ready, live] = answers[s] as Answer[];
          for (const answer of [read, write, ready, live] as Answer[]) {
            expect({ key: answer.key, error: answer.error }).toEqual({
              key: answer.key,
              error: undefined,
            });
            expect(answer.ms).toBeLessThan(bound);
          }
          for (const answer of [read, write] as Answer[]) {
            expectProblem(answer.response as Response, 503);
            expect(codes).toContain(answer.response?.body.code);
          }
          expectProblem(ready?.response as Response, 503);
          expect(readyCodes).toContain(ready?.response?.body.code);
          expect(live?.response?.status).toBe(200);
          expect(server.exitCode()).toBeNull();
        }
      }
      expect(recovered).toBe(true);
      // No write was kept; each, retried (on either server: one database), runs once.
      for (const key of keys) {
        const retry = await retryKey(deadline.server, key);
        expect({ key, status: retry.status }).toEqual({ key, status: 201 });
        expect(retry.headers['idempotent-replayed']).toBeUndefined();
        expect(await patientsNamed(key)).toEqual([retry.body.id]);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
