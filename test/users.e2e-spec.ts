import {
  auth,
  ClinicWorld,
  login,
  loginAsRootAdmin,
  newClinic,
  newClinicWorld,
  newStaff,
  ROLES,
} from 'test/support/fixtures';
import { errorFields, expectProblem, idsOf } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('users', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;

  const newUserBody = (overrides: Record<string, unknown> = {}) => ({
    email: `user.${Math.random().toString(36).slice(2, 10)}@test.example`,
    fullName: 'Dana Jones, RN',
    role: 'nurse',
    password: 'correct-horse-battery',
    clinicIds: [a.clinicId],
    ...overrides,
  });

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should create a user with 201, Location and ETag, store only a hash, and audit it', async () => {
    const body = newUserBody({ email: 'Dana.Jones@Test.Example' });
    const response = await app
      .http()
      .post('/api/v1/users')
      .set(auth(a.staff.admin.token))
      .send(body);
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    expect(response.headers.location).toBe(`/api/v1/users/${id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toEqual({
      id,
      email: 'dana.jones@test.example',
      fullName: 'Dana Jones, RN',
      role: 'nurse',
      clinicIds: [a.clinicId],
      active: true,
      deactivatedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password|hash/i);
    const { rows } = await app.db.query('SELECT password_hash FROM users WHERE id = $1', [id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const audit = await app.db.query(
      `SELECT actor_id, action, resource_type FROM audit_events WHERE resource_id = $1`,
      [id],
    );
    expect(audit.rows).toEqual([
      { actor_id: a.staff.admin.id, action: 'create', resource_type: 'User' },
    ]);
    await login(app, 'dana.jones@test.example', body.password);
  });

  it('should answer a duplicate email (any case) with 409 USER_EMAIL_TAKEN, once under concurrency', async () => {
    const body = newUserBody({ email: 'twice@test.example' });
    expect(
      (await app.http().post('/api/v1/users').set(auth(a.staff.admin.token)).send(body)).status,
    ).toBe(201);
    const again = await app
      .http()
      .post('/api/v1/users')
      .set(auth(a.staff.admin.token))
      .send({ ...body, email: 'TWICE@test.example' });
    expectProblem(again, 409, 'USER_EMAIL_TAKEN');

    const race = newUserBody({ email: 'race@test.example' });
    const responses = await Promise.all(
      [0, 1, 2].map(() =>
        app.http().post('/api/v1/users').set(auth(a.staff.admin.token)).send(race),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('should answer 400 naming invalid fields', async () => {
    const response = await app
      .http()
      .post('/api/v1/users')
      .set(auth(a.staff.admin.token))
      .send(newUserBody({ password: 'short', role: 'surgeon', clinicIds: [] }));
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(errorFields(response).sort()).toEqual(['clinicIds', 'password', 'role']);
  });

  it('should not let an admin assign a clinic they do not belong to (404)', async () => {
    const create = await app
      .http()
      .post('/api/v1/users')
      .set(auth(a.staff.admin.token))
      .send(newUserBody({ clinicIds: [a.clinicId, b.clinicId] }));
    expectProblem(create, 404, 'CLINIC_NOT_FOUND');
    const patch = await app
      .http()
      .patch(`/api/v1/users/${a.staff.nurse.id}`)
      .set(auth(a.staff.admin.token))
      .send({ clinicIds: [b.clinicId] });
    expectProblem(patch, 404, 'CLINIC_NOT_FOUND');
    const { rows } = await app.db.query('SELECT clinic_id FROM user_clinics WHERE user_id = $1', [
      a.staff.nurse.id,
    ]);
    expect(rows).toEqual([{ clinic_id: a.clinicId }]);
  });

  it('should list the staff of the admin’s clinics, paginated, without other clinics’ staff', async () => {
    const first = await app.http().get('/api/v1/users?limit=2').set(auth(a.staff.admin.token));
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = [...idsOf(first)];
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const page = await app
        .http()
        .get(`/api/v1/users?limit=2&cursor=${encodeURIComponent(cursor)}`)
        .set(auth(a.staff.admin.token));
      expect(page.status).toBe(200);
      seen.push(...idsOf(page));
      cursor = page.body.nextCursor as string | null;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const role of ROLES) {
      expect(seen).toContain(a.staff[role].id);
      expect(seen).not.toContain(b.staff[role].id);
    }
    expectProblem(
      await app.http().get('/api/v1/users?cursor=garbage').set(auth(a.staff.admin.token)),
      400,
      'INVALID_CURSOR',
    );
  });

  it('should answer 404 to an admin of clinic A for a user of clinic B only', async () => {
    const target = b.staff.clinician.id;
    const token = a.staff.admin.token;
    expectProblem(
      await app.http().get(`/api/v1/users/${target}`).set(auth(token)),
      404,
      'USER_NOT_FOUND',
    );
    expectProblem(
      await app.http().patch(`/api/v1/users/${target}`).set(auth(token)).send({ role: 'admin' }),
      404,
      'USER_NOT_FOUND',
    );
    expectProblem(
      await app.http().post(`/api/v1/users/${target}/deactivate`).set(auth(token)),
      404,
    );
    expectProblem(
      await app.http().post(`/api/v1/users/${target}/reactivate`).set(auth(token)),
      404,
    );
    const { rows } = await app.db.query('SELECT role, active FROM users WHERE id = $1', [target]);
    expect(rows[0]).toEqual({ role: 'clinician', active: true });
  });

  it('should update name, role and clinics with If-Match, and 412 a stale one', async () => {
    const staff = await newStaff(app, root, 'front_desk', [a.clinicId]);
    const second = await newClinic(app, root);
    // The clinic admin of A does not manage `second`; root does.
    const byRoot = await app
      .http()
      .patch(`/api/v1/users/${staff.id}`)
      .set(auth(root))
      .set('If-Match', '"1"')
      .send({ fullName: 'Renamed', role: 'clinician', clinicIds: [a.clinicId, second.id] });
    expect(byRoot.status).toBe(200);
    expect(byRoot.headers.etag).toBe('"2"');
    expect(byRoot.body).toMatchObject({
      fullName: 'Renamed',
      role: 'clinician',
      clinicIds: [a.clinicId, second.id].sort(),
      version: 2,
    });

    const stale = await app
      .http()
      .patch(`/api/v1/users/${staff.id}`)
      .set(auth(a.staff.admin.token))
      .set('If-Match', '"1"')
      .send({ role: 'admin' });
    expectProblem(stale, 412, 'STALE_VERSION');

    // Clinic A's admin replaces the clinics they manage; the membership in `second` is kept.
    const byA = await app
      .http()
      .patch(`/api/v1/users/${staff.id}`)
      .set(auth(a.staff.admin.token))
      .set('If-Match', '"2"')
      .send({ clinicIds: [] });
    expect(byA.status).toBe(200);
    // The admin sees memberships in their own clinics only (none are left); the database keeps `second`.
    expect(byA.body.clinicIds).toEqual([]);
    const kept = await app.db.query('SELECT clinic_id FROM user_clinics WHERE user_id = $1', [
      staff.id,
    ]);
    expect(kept.rows).toEqual([{ clinic_id: second.id }]);
    // Now outside clinic A: its admin no longer sees the user.
    expectProblem(
      await app.http().get(`/api/v1/users/${staff.id}`).set(auth(a.staff.admin.token)),
      404,
    );
    // No one may leave a user in no clinic at all.
    const none = await app
      .http()
      .patch(`/api/v1/users/${staff.id}`)
      .set(auth(root))
      .send({ clinicIds: [] });
    expectProblem(none, 400, 'CLINIC_REQUIRED');
    expect(errorFields(none)).toEqual(['clinicIds']);
    // Account changes are recorded once per clinic (of the acting admin's) that they concern.
    const audit = await app.db.query(
      `SELECT clinic_id, details FROM audit_events
        WHERE resource_id = $1 AND action = 'update' ORDER BY occurred_at, clinic_id`,
      [staff.id],
    );
    expect(audit.rows.map((r: { details: unknown }) => r.details)).toEqual(
      expect.arrayContaining([
        { fields: ['fullName', 'role', 'clinicIds'] },
        { fields: ['clinicIds'] },
      ]),
    );
    expect(audit.rows.every((r: { clinic_id: string | null }) => r.clinic_id !== null)).toBe(true);
  });

  it('should not let an admin of one clinic take over or lock out a user who also works at another (403)', async () => {
    const shared = await newStaff(app, root, 'clinician', [a.clinicId, b.clinicId]);
    const token = a.staff.admin.token;
    for (const body of [
      { password: 'taken-over-password-1' },
      { role: 'admin' },
      { fullName: 'Mallory' },
    ]) {
      expectProblem(
        await app.http().patch(`/api/v1/users/${shared.id}`).set(auth(token)).send(body),
        403,
        'USER_MANAGED_ELSEWHERE',
      );
    }
    expectProblem(
      await app.http().post(`/api/v1/users/${shared.id}/deactivate`).set(auth(token)),
      403,
      'USER_MANAGED_ELSEWHERE',
    );
    // The shared user's account is untouched and their token still works.
    expect((await app.http().get('/api/v1/auth/me').set(auth(shared.token))).body).toMatchObject({
      role: 'clinician',
      fullName: 'Test clinician',
    });
    // Clinic A's admin may still take the user off clinic A; an admin of both clinics may do the rest.
    const offA = await app
      .http()
      .patch(`/api/v1/users/${shared.id}`)
      .set(auth(token))
      .send({ clinicIds: [] });
    expect(offA.status).toBe(200);
    // Clinic B's membership stays, but clinic A's admin is not shown it.
    expect(offA.body.clinicIds).toEqual([]);
    const keptB = await app.db.query('SELECT clinic_id FROM user_clinics WHERE user_id = $1', [
      shared.id,
    ]);
    expect(keptB.rows).toEqual([{ clinic_id: b.clinicId }]);
    const byRoot = await app
      .http()
      .patch(`/api/v1/users/${shared.id}`)
      .set(auth(root))
      .send({ role: 'nurse' });
    expect(byRoot.status).toBe(200);
  });

  it('should deactivate and reactivate, refusing illegal moves with 409', async () => {
    const staff = await newStaff(app, root, 'nurse', [a.clinicId]);
    const token = a.staff.admin.token;
    const off = await app.http().post(`/api/v1/users/${staff.id}/deactivate`).set(auth(token));
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, deactivatedAt: expect.any(String) });
    expectProblem(
      await app.http().post(`/api/v1/users/${staff.id}/deactivate`).set(auth(token)),
      409,
      'USER_ALREADY_INACTIVE',
    );
    const active = idsOf(await app.http().get('/api/v1/users?limit=100').set(auth(token)));
    expect(active).not.toContain(staff.id);
    const all = idsOf(
      await app.http().get('/api/v1/users?limit=100&includeInactive=true').set(auth(token)),
    );
    expect(all).toContain(staff.id);

    const on = await app.http().post(`/api/v1/users/${staff.id}/reactivate`).set(auth(token));
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ active: true, deactivatedAt: null });
    expectProblem(
      await app.http().post(`/api/v1/users/${staff.id}/reactivate`).set(auth(token)),
      409,
      'USER_ALREADY_ACTIVE',
    );
    expectProblem(
      await app.http().post(`/api/v1/users/${a.staff.admin.id}/deactivate`).set(auth(token)),
      409,
      'CANNOT_DEACTIVATE_SELF',
    );
    const audit = await app.db.query(
      `SELECT action_name FROM audit_events WHERE resource_id = $1 AND action = 'action' ORDER BY occurred_at`,
      [staff.id],
    );
    expect(audit.rows.map((r: { action_name: string }) => r.action_name)).toEqual([
      'deactivate',
      'reactivate',
    ]);
  });

  it('should refuse every users route to non-admin roles with 403', async () => {
    for (const role of ['clinician', 'nurse', 'front_desk'] as const) {
      const token = a.staff[role].token;
      const target = a.staff.nurse.id;
      const calls = [
        app.http().post('/api/v1/users').set(auth(token)).send(newUserBody()),
        app.http().get('/api/v1/users').set(auth(token)),
        app.http().get(`/api/v1/users/${target}`).set(auth(token)),
        app.http().patch(`/api/v1/users/${target}`).set(auth(token)).send({ role: 'admin' }),
        app.http().post(`/api/v1/users/${target}/deactivate`).set(auth(token)),
        app.http().post(`/api/v1/users/${target}/reactivate`).set(auth(token)),
      ];
      for (const response of await Promise.all(calls)) {
        expectProblem(response, 403, 'FORBIDDEN');
      }
    }
    const { rows } = await app.db.query('SELECT role FROM users WHERE id = $1', [a.staff.nurse.id]);
    expect(rows[0].role).toBe('nurse');
  });
});
