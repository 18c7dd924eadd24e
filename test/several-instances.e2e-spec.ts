import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { ALL_MIGRATIONS } from 'migrations/index';
import { windowKey } from 'src/common/rate-limit/rate-limit.rules';
import { hitStatement, sweepStatement } from 'src/common/rate-limit/rate-limit.sql';
import { MIGRATION_LOCK_NAME } from 'src/database/migrate';
import { newClientAddress, requestForm } from 'test/support/consultation.fixtures';
import { auth, loginAsRootAdmin, newClinic } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';
import { BOOTSTRAP_ADMIN, TEST_JWT_SECRET, TEST_OWNER, withDatabase } from 'test/support/test-env';

const LOGIN_LIMIT = 3;
// src/auth/auth.guards.ts: one address may try five accounts' worth.
const ADDRESS_LIMIT = LOGIN_LIMIT * 5;
const PUBLIC_LIMIT = 3;

const adminUrl = () => process.env.TEST_ADMIN_DATABASE_URL as string;

/** Polls until `check` holds (a state to reach, not a time to meet); throws if it never does. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never reached: ${what}`);
}

function expectRateLimited(response: Response): void {
  expectProblem(response, 429, 'TOO_MANY_REQUESTS');
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

// Issue 11, point 8: two instances behind one address behave as one. Their rate limits, idempotency
// keys and locks live in the database they share, so a client alternating between them gains nothing.
describe('several instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let token: string;
  let clinicId: string;

  beforeAll(async () => {
    const env = {
      LOGIN_RATE_LIMIT: String(LOGIN_LIMIT),
      PUBLIC_RATE_LIMIT: String(PUBLIC_LIMIT),
      // The fail-closed case waits this long for the counters' lock.
      DB_LOCK_TIMEOUT_MS: '2000',
    };
    a = await startTestApp(env);
    b = await startTestApp(env, { databaseName: a.databaseName });
    token = await loginAsRootAdmin(a);
    clinicId = (await newClinic(a, token, { listedPublicly: true })).id;
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  const login = (app: TestApp, client: string, email: string, password = 'wrong-password-123') =>
    app.http().post('/api/v1/auth/login').set('X-Forwarded-For', client).send({ email, password });

  it('should hold the login limit for an address and email across both instances', async () => {
    const client = newClientAddress();
    const email = BOOTSTRAP_ADMIN.email;
    // A, B, A: three attempts, each instance seeing only some of them.
    for (const app of [a, b, a]) {
      expectProblem(await login(app, client, email), 401);
    }
    expectRateLimited(await login(b, client, email));
    expectRateLimited(await login(a, client, email));
    // The right password waits too, on either instance.
    expectRateLimited(await login(b, client, email, BOOTSTRAP_ADMIN.password));

    // One window for both, counted by the database: six attempts so far.
    const key = windowKey(`rate-limit:${TEST_JWT_SECRET}`, 'login', `${client}|${email}`);
    const { rows } = await a.db.query<{ hits: number }>(
      'SELECT hits FROM rate_limit_windows WHERE key = $1',
      [key],
    );
    expect(rows).toEqual([{ hits: 6 }]);
  });

  it('should hold the per-address login limit across both instances, whatever the emails', async () => {
    const client = newClientAddress();
    for (let i = 0; i < ADDRESS_LIMIT; i += 1) {
      const app = i % 2 === 0 ? a : b;
      expectProblem(await login(app, client, `sprayed-${i}@test.example`), 401);
    }
    expectRateLimited(await login(b, client, 'sprayed-next@test.example'));
    expectRateLimited(await login(a, client, 'sprayed-next-2@test.example'));
  });

  it('should hold the public form limit per client address across both instances', async () => {
    const client = newClientAddress();
    const submit = (app: TestApp) =>
      app
        .http()
        .post('/api/v1/consultation-requests')
        .set('X-Forwarded-For', client)
        .send(requestForm(clinicId));
    for (const app of [a, b, a]) {
      expect((await submit(app)).status).toBe(202);
    }
    expectRateLimited(await submit(b));
    expectRateLimited(await submit(a));
    // Another address keeps its own budget.
    const elsewhere = await b
      .http()
      .post('/api/v1/consultation-requests')
      .set('X-Forwarded-For', newClientAddress())
      .send(requestForm(clinicId));
    expect(elsewhere.status).toBe(202);
  });

  it('should keep neither emails nor client addresses in the counters table, which is unlogged', async () => {
    const client = newClientAddress();
    const email = `table-check-${randomBytes(3).toString('hex')}@test.example`;
    expectProblem(await login(a, client, email), 401);
    const { rows } = await a.db.query<{ key: string }>('SELECT key FROM rate_limit_windows');
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) {
      expect(key).toMatch(/^(login|login-address|consultation-request):[A-Za-z0-9_-]{43}$/);
      expect(key).not.toContain(email);
      expect(key).not.toContain(client);
    }
    const { rows: table } = await a.db.query<{ relpersistence: string }>(
      `SELECT relpersistence FROM pg_class WHERE oid = 'rate_limit_windows'::regclass`,
    );
    expect(table).toEqual([{ relpersistence: 'u' }]);
  });

  it("should restart an ended window at one hit and sweep ended windows only, on the service's own grants", async () => {
    const service = new Client({ connectionString: a.env.DATABASE_URL });
    await service.connect();
    const tag = randomBytes(3).toString('hex');
    try {
      await service.query(
        `INSERT INTO rate_limit_windows (key, window_ends_at, hits) VALUES
           ($1, now() - interval '1 second', 99), ($2, now() - interval '1 second', 7),
           ($3, now() + interval '1 minute', 7)`,
        [`probe-ended:${tag}`, `probe-swept:${tag}`, `probe-live:${tag}`],
      );
      const hit = hitStatement(`probe-ended:${tag}`, 60_000);
      const { rows: counted } = await service.query<{ hits: number; ms_left: number }>(
        hit.text,
        hit.values,
      );
      expect(counted).toHaveLength(1);
      expect(counted[0]?.hits).toBe(1);
      expect(counted[0]?.ms_left).toBeGreaterThan(0);
      expect(counted[0]?.ms_left).toBeLessThanOrEqual(60_000);

      const sweep = sweepStatement(5_000);
      await service.query(sweep.text, sweep.values);
      const { rows: left } = await service.query<{ key: string }>(
        `SELECT key FROM rate_limit_windows WHERE key LIKE $1 ORDER BY key`,
        [`probe-%:${tag}`],
      );
      expect(left.map((row) => row.key)).toEqual([`probe-ended:${tag}`, `probe-live:${tag}`]);
    } finally {
      await service.query(`DELETE FROM rate_limit_windows WHERE key LIKE $1`, [`probe-%:${tag}`]);
      await service.end();
    }
  });

  it('should create one record when the same Idempotency-Key reaches both instances at once', async () => {
    const lastName = `Twice${randomBytes(3).toString('hex')}`;
    const body = {
      clinicId,
      firstName: 'Robin',
      lastName,
      dateOfBirth: '1990-01-02',
      sexAtBirth: 'male',
    };
    const send = (app: TestApp) =>
      app
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .set('Idempotency-Key', `several-instances-${lastName}`)
        .send(body);
    const responses = await Promise.all([send(a), send(b), send(a), send(b)]);

    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(responses.map((r) => String(r.body.id))).size).toBe(1);
    for (const response of responses) {
      expect(response.body).toEqual(responses[0]?.body);
    }
    // One ran, on whichever instance claimed the key first; the others waited on its claim and replayed.
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    const { rows } = await a.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM patients WHERE last_name = $1',
      [lastName],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('should fail closed: a login the counters cannot record is 503, not let through', async () => {
    const holder = new Client({ connectionString: withDatabase(adminUrl(), a.databaseName) });
    await holder.connect();
    const client = newClientAddress();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rate_limit_windows IN EXCLUSIVE MODE');
      const refused = await login(b, client, BOOTSTRAP_ADMIN.email, BOOTSTRAP_ADMIN.password);
      expectProblem(refused, 503, 'SERVICE_BUSY');
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body.accessToken).toBeUndefined();
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const admitted = await login(b, client, BOOTSTRAP_ADMIN.email, BOOTSTRAP_ADMIN.password);
    expect(admitted.status).toBe(200);
  });
});

describe('several instances starting at once on a database not yet migrated', () => {
  const databaseName = `kc_test_fresh_${randomBytes(6).toString('hex')}`;
  const servers: TestApp[] = [];

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName} OWNER ${TEST_OWNER.user}`);
    await admin.end();
  });
  afterAll(async () => {
    await Promise.all(servers.map((app) => app.stop()));
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  });

  it('should migrate once: the others wait on the migration lock, then find nothing to do', async () => {
    const observer = new Client({ connectionString: withDatabase(adminUrl(), databaseName) });
    await observer.connect();
    try {
      // The test holds the lock first, so both servers are certain to meet it.
      await observer.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [
        MIGRATION_LOCK_NAME,
      ]);
      const starting = [1, 2].map(async () => {
        const app = await startTestApp({}, { databaseName });
        servers.push(app);
        return app;
      });
      await until('both servers waiting on the migration lock', async () => {
        const { rows } = await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s USING (pid)
            WHERE l.locktype = 'advisory' AND NOT l.granted AND s.datname = $1
              AND s.application_name = 'ketamine-clinic-api migrations'`,
          [databaseName],
        );
        return rows[0]?.n === 2;
      });
      const { rows: before } = await observer.query<{ table: string | null }>(
        `SELECT to_regclass('schema_migrations')::text AS table`,
      );
      expect(before).toEqual([{ table: null }]);

      await observer.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [
        MIGRATION_LOCK_NAME,
      ]);
      const started = await Promise.all(starting);
      const { rows: applied } = await observer.query<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name ORDER BY name`,
      );
      expect(applied).toHaveLength(ALL_MIGRATIONS.length);
      expect(applied.every((row) => row.n === 1)).toBe(true);
      // Both serve, and the one admin was created once.
      for (const app of started) {
        expect((await app.http().get('/health/ready')).status).toBe(200);
      }
      const { rows: users } = await observer.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM users',
      );
      expect(users).toEqual([{ n: 1 }]);
    } finally {
      await observer.end();
    }
    // Two servers start side by side on a busy machine, each migrating or waiting in turn.
  }, 120_000);
});
