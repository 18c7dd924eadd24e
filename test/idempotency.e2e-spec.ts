import { QueryRunner } from 'typeorm';
import { IdempotencyReplayResource1763700430000 } from 'migrations/1763700430000-IdempotencyReplayResource';
import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, loginAsRootAdmin, newClinic } from 'test/support/fixtures';

// API.md: "POST accepts an Idempotency-Key header".
describe('Idempotency-Key on POST', () => {
  let app: TestApp;
  let token: string;
  let clinicId: string;
  const patient = (lastName: string) => ({
    firstName: 'Robin',
    lastName,
    dateOfBirth: '1990-01-02',
    sexAtBirth: 'male',
  });
  const countPatients = async (lastName: string) =>
    Number(
      (await app.db.query('SELECT count(*) FROM patients WHERE last_name = $1', [lastName])).rows[0]
        .count,
    );

  beforeAll(async () => {
    app = await startTestApp();
    token = await loginAsRootAdmin(app);
    clinicId = (await newClinic(app, token)).id;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should create once and replay the same response for a retry with the same key and body', async () => {
    const body = { ...patient('Replay'), clinicId };
    const first = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'create-replay-1')
      .send(body);
    const retry = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'create-replay-1')
      .send(body);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countPatients('Replay')).toBe(1);
  });

  it('should audit a replay as a read of the record it discloses again', async () => {
    const body = { ...patient('ReplayAudit'), clinicId };
    const send = (requestId: string) =>
      app
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .set('Idempotency-Key', 'replay-audit-1')
        .set('X-Request-Id', requestId)
        .send(body);
    const first = await send('replay-audit-first');
    const retry = await send('replay-audit-retry');
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBe('true');

    const eventsOf = async (requestId: string) =>
      (
        await app.db.query(
          `SELECT action, action_name, resource_type, resource_id, clinic_id
             FROM audit_events WHERE request_id = $1`,
          [requestId],
        )
      ).rows as Record<string, unknown>[];
    const id = first.body.id as string;
    expect(await eventsOf('replay-audit-first')).toEqual([
      expect.objectContaining({ action: 'create', resource_type: 'Patient', resource_id: id }),
    ]);
    expect(await eventsOf('replay-audit-retry')).toEqual([
      {
        action: 'read',
        action_name: 'idempotent-replay',
        resource_type: 'Patient',
        resource_id: id,
        clinic_id: clinicId,
      },
    ]);
    // An admin looking for who saw the patient finds the replay under the patient.
    const trail = await app
      .http()
      .get(`/api/v1/audit-events?resourceType=Patient&resourceId=${id}&action=read`)
      .set(auth(token));
    expect(trail.status).toBe(200);
    expect(trail.body.data).toEqual([
      expect.objectContaining({ requestId: 'replay-audit-retry', actionName: 'idempotent-replay' }),
    ]);
  });

  it('should undo the replay-resource columns with down and add them again with up', async () => {
    const columns = async () =>
      (
        (
          await app.db.query(
            `SELECT column_name FROM information_schema.columns
              WHERE table_name = 'idempotency_keys' AND column_name LIKE 'resource_%'
              ORDER BY column_name`,
          )
        ).rows as { column_name: string }[]
      ).map((r) => r.column_name);
    const client = await app.db.connect();
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      expect(await columns()).toEqual(['resource_id', 'resource_type']);
      await new IdempotencyReplayResource1763700430000().down(runner);
      expect(await columns()).toEqual([]);
      await new IdempotencyReplayResource1763700430000().up(runner);
      expect(await columns()).toEqual(['resource_id', 'resource_type']);
    } finally {
      client.release();
    }
  });

  it('should answer 422 when the key is reused for a different body, and write nothing', async () => {
    await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'reuse-1')
      .send({ ...patient('ReuseA'), clinicId })
      .expect(201);
    const reused = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'reuse-1')
      .send({ ...patient('ReuseB'), clinicId });

    expect(reused.status).toBe(422);
    expect(reused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countPatients('ReuseB')).toBe(0);
  });

  it('should create exactly one record when the same keyed request arrives many times at once', async () => {
    const body = { ...patient('Parallel'), clinicId };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        app
          .http()
          .post('/api/v1/patients')
          .set(auth(token))
          .set('Idempotency-Key', 'parallel-1')
          .send(body),
      ),
    );
    // The key's claim is the first statement of the request's transaction: the others wait on it
    // (PostgreSQL's unique index) and then replay the committed response.
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => String(r.body.id))).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await countPatients('Parallel')).toBe(1);
  });

  it('should free the key when the request fails, so a corrected retry can use it', async () => {
    const invalid = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'fails-first')
      .send({ ...patient('Corrected'), clinicId, sexAtBirth: 'x' });
    const corrected = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'fails-first')
      .send({ ...patient('Corrected'), clinicId });

    expect(invalid.status).toBe(400);
    expect(corrected.status).toBe(201);
    expect(await countPatients('Corrected')).toBe(1);
  });

  it('should keep keys per user: another user with the same key gets their own result', async () => {
    const body = { ...patient('PerUser'), clinicId };
    await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'shared-key')
      .send(body)
      .expect(201);
    const other = await app
      .http()
      .post('/api/v1/users')
      .set(auth(token))
      .send({
        email: 'second.admin@test.example',
        fullName: 'Second Admin',
        role: 'admin',
        password: 'second-admin-password',
        clinicIds: [clinicId],
      });
    const otherToken = (
      await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'second.admin@test.example', password: 'second-admin-password' })
    ).body.accessToken as string;
    expect(other.status).toBe(201);

    const second = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(otherToken))
      .set('Idempotency-Key', 'shared-key')
      .send(body);

    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(await countPatients('PerUser')).toBe(2);
  });

  it('should reject a malformed key with 400 naming the header', async () => {
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'has spaces')
      .send({ ...patient('BadKey'), clinicId });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
    ]);
    expect(await countPatients('BadKey')).toBe(0);
  });
});
