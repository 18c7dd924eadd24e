// Regression tests for a security and correctness review: each states the behaviour a user relies on.
import { startTestApp, TestApp } from 'test/support/test-app';
import {
  auth,
  login,
  loginAsRootAdmin,
  newClinic,
  newPatient,
  newStaff,
  Staff,
} from 'test/support/fixtures';

describe('tenancy and hardening (review findings)', () => {
  let app: TestApp;
  let root: string;
  let clinicA: string;
  let clinicB: string;
  let adminA: Staff;
  let adminB: Staff;
  let clinicianB: Staff;
  let frontDeskA: Staff;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    clinicA = (await newClinic(app, root)).id;
    clinicB = (await newClinic(app, root)).id;
    adminA = await newStaff(app, root, 'admin', [clinicA]);
    adminB = await newStaff(app, root, 'admin', [clinicB]);
    clinicianB = await newStaff(app, root, 'clinician', [clinicB]);
    frontDeskA = await newStaff(app, root, 'front_desk', [clinicA]);
  });

  afterAll(async () => {
    await app.stop();
  });

  it('should not let the admin of clinic A reset the password of a user who also works at clinic B', async () => {
    const shared = await newStaff(app, root, 'admin', [clinicA, clinicB]);
    const reset = await app
      .http()
      .patch(`/api/v1/users/${shared.id}`)
      .set(auth(adminA.token))
      .send({ password: 'taken-over-by-a-1' });
    expect([403, 404]).toContain(reset.status);

    const token = await login(app, shared.email, 'taken-over-by-a-1').catch(() => null);
    expect(token).toBeNull();
  });

  it('should not show the admin of clinic A the logins and account events of clinic B staff', async () => {
    await login(app, clinicianB.email, clinicianB.password);
    const events = await app
      .http()
      .get(`/api/v1/audit-events?actorId=${clinicianB.id}`)
      .set(auth(adminA.token));
    expect(events.status).toBe(200);
    expect(events.body.data).toEqual([]);
    const aboutB = await app
      .http()
      .get(`/api/v1/audit-events?resourceId=${adminB.id}`)
      .set(auth(adminA.token));
    expect(aboutB.body.data).toEqual([]);
  });

  it('should answer a patient list filtered by an unknown or foreign clinic with 404 and audit nothing in that clinic', async () => {
    const unknown = await app
      .http()
      .get('/api/v1/patients?clinicId=11111111-1111-4111-8111-111111111111')
      .set(auth(adminA.token));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CLINIC_NOT_FOUND');
    const foreign = await app
      .http()
      .get(`/api/v1/patients?clinicId=${clinicB}`)
      .set(auth(adminA.token));
    expect(foreign.status).toBe(404);
    const { rows } = await app.db.query(
      'SELECT count(*)::int AS n FROM audit_events WHERE clinic_id = $1 AND actor_id = $2',
      [clinicB, adminA.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('should answer 400, not 500, to null for required clinic and user fields', async () => {
    for (const body of [
      { name: null },
      { timezone: null },
      { hours: null },
      { listedPublicly: null },
    ]) {
      const r = await app
        .http()
        .patch(`/api/v1/clinics/${clinicA}`)
        .set(auth(adminA.token))
        .send(body);
      expect(r.status).toBe(400);
    }
    const u = await app
      .http()
      .patch(`/api/v1/users/${frontDeskA.id}`)
      .set(auth(adminA.token))
      .send({ role: null });
    expect(u.status).toBe(400);
  });

  it('should refuse null and contradictory clinical settings', async () => {
    const nullDose = await app
      .http()
      .patch(`/api/v1/clinics/${clinicA}/settings`)
      .set(auth(adminA.token))
      .send({ maxDoseMgPerKg: null });
    expect(nullDose.status).toBe(400);
    const inverted = await app
      .http()
      .patch(`/api/v1/clinics/${clinicA}/settings`)
      .set(auth(adminA.token))
      .send({ spo2AlertBelow: 70, spo2StopBelow: 99 });
    expect(inverted.status).toBe(400);
  });

  it('should answer 400, not 500, to a conversion without an appointment', async () => {
    const submitted = await app.http().post('/api/v1/consultation-requests').send({
      preferredClinicId: clinicA,
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      preferredContactMethod: 'email',
      consentToContact: true,
    });
    expect(submitted.status).toBe(202);
    const r = await app
      .http()
      .post(`/api/v1/consultation-requests/${submitted.body.referenceId}/convert`)
      .set(auth(frontDeskA.token))
      .send({});
    expect(r.status).toBe(400);
  });

  it('should answer 400, not 500, to a NUL character in text (public form, search, cursor)', async () => {
    const form = await app.http().post('/api/v1/consultation-requests').send({
      preferredClinicId: clinicA,
      firstName: 'A\u0000',
      lastName: 'B',
      email: 'a@example.com',
      preferredContactMethod: 'email',
      consentToContact: true,
    });
    expect(form.status).toBe(400);
    const search = await app.http().get('/api/v1/patients?name=a%00b').set(auth(adminA.token));
    expect(search.status).toBe(400);
    const cursor = Buffer.from(
      JSON.stringify(['\u0000', '00000000-0000-0000-0000-000000000000']),
    ).toString('base64url');
    const page = await app.http().get(`/api/v1/public/clinics?cursor=${cursor}`);
    expect(page.status).toBe(400);
  });

  it('should not replay a stored patient to a user who has left the patient’s clinic', async () => {
    const mover = await newStaff(app, root, 'front_desk', [clinicA]);
    const body = {
      firstName: 'Zoë',
      lastName: 'Álvarez',
      dateOfBirth: '1980-01-02',
      sexAtBirth: 'female',
    };
    const created = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(mover.token))
      .set('Idempotency-Key', 'review-replay-1')
      .send(body);
    expect(created.status).toBe(201);
    const moved = await app
      .http()
      .patch(`/api/v1/users/${mover.id}`)
      .set(auth(root))
      .send({ clinicIds: [clinicB] });
    expect(moved.status).toBe(200);
    // root is in both clinics, so the move keeps B and drops A
    const direct = await app
      .http()
      .get(`/api/v1/patients/${created.body.id}`)
      .set(auth(mover.token));
    expect(direct.status).toBe(404);
    const replay = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(mover.token))
      .set('Idempotency-Key', 'review-replay-1')
      .send(body);
    expect(replay.body.lastName).toBeUndefined();
  });

  it('should let an admin remove a shared user from their own clinic only', async () => {
    const shared = await newStaff(app, root, 'nurse', [clinicA, clinicB]);
    const r = await app
      .http()
      .patch(`/api/v1/users/${shared.id}`)
      .set(auth(adminA.token))
      .send({ clinicIds: [] });
    expect(r.status).toBe(200);
  });

  it('should keep login idempotency keys per user and never store credentials', async () => {
    const first = await app
      .http()
      .post('/api/v1/auth/login')
      .set('Idempotency-Key', 'review-login-key')
      .send({ email: adminA.email, password: adminA.password });
    expect(first.status).toBe(200);
    const other = await app
      .http()
      .post('/api/v1/auth/login')
      .set('Idempotency-Key', 'review-login-key')
      .send({ email: adminB.email, password: adminB.password });
    expect(other.status).toBe(200);
    const { rows } = await app.db.query(
      "SELECT count(*)::int AS n FROM idempotency_keys WHERE response_body ? 'accessToken'",
    );
    expect(rows[0].n).toBe(0);
  });
  it('should page through patients and users without repeating a row (keyset cursor keeps microseconds)', async () => {
    for (let i = 0; i < 3; i += 1) {
      await newPatient(app, adminB.token, { clinicId: clinicB });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const r: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } =
        await app
          .http()
          .get(`/api/v1/patients?clinicId=${clinicB}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(auth(adminB.token));
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((p: { id: string }) => p.id));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(3);
  });

  it('should move the patient version when only identifiers change, so a stale If-Match is refused', async () => {
    const patient = await newPatient(app, adminA.token, { clinicId: clinicA });
    const first = await app
      .http()
      .patch(`/api/v1/patients/${patient.id}`)
      .set(auth(adminA.token))
      .set('If-Match', '"1"')
      .send({ externalIdentifiers: [{ system: 'urn:ehr', value: 'E-1' }] });
    const stale = await app
      .http()
      .patch(`/api/v1/patients/${patient.id}`)
      .set(auth(adminA.token))
      .set('If-Match', '"1"')
      .send({ externalIdentifiers: [{ system: 'urn:ehr', value: 'E-2' }] });

    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    expect(first.headers.etag).toBe('"2"');
    expect(stale.status).toBe(412);
    const { rows } = await app.db.query(
      'SELECT value FROM patient_identifiers WHERE patient_id = $1',
      [patient.id],
    );
    expect(rows).toEqual([{ value: 'E-1' }]);
  });

  it('should give clinic settings an ETag and refuse a stale If-Match without changing anything', async () => {
    const read = await app
      .http()
      .get(`/api/v1/clinics/${clinicA}/settings`)
      .set(auth(adminA.token));
    const version = read.body.version as number;
    await app
      .http()
      .patch(`/api/v1/clinics/${clinicA}/settings`)
      .set(auth(adminA.token))
      .set('If-Match', `"${version}"`)
      .send({ minRecoveryMinutes: 45 })
      .expect(200);
    const stale = await app
      .http()
      .patch(`/api/v1/clinics/${clinicA}/settings`)
      .set(auth(adminA.token))
      .set('If-Match', `"${version}"`)
      .send({ minRecoveryMinutes: 60 });
    const after = await app
      .http()
      .get(`/api/v1/clinics/${clinicA}/settings`)
      .set(auth(adminA.token));

    expect(read.headers.etag).toBe(`"${version}"`);
    expect(stale.status).toBe(412);
    expect(after.body.minRecoveryMinutes).toBe(45);
  });

  it('should not let a clinic admin change the name, role or status of an admin who also runs another clinic', async () => {
    const rootId = (await app.http().get('/api/v1/auth/me').set(auth(root))).body.id as string;
    const attempts = await Promise.all([
      app.http().patch(`/api/v1/users/${rootId}`).set(auth(adminA.token)).send({ role: 'nurse' }),
      app
        .http()
        .patch(`/api/v1/users/${rootId}`)
        .set(auth(adminA.token))
        .send({ fullName: 'Mallory' }),
      app.http().post(`/api/v1/users/${rootId}/deactivate`).set(auth(adminA.token)),
    ]);

    attempts.forEach((r) => {
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('USER_MANAGED_ELSEWHERE');
    });
    const { rows } = await app.db.query('SELECT role, full_name, active FROM users WHERE id = $1', [
      rootId,
    ]);
    expect(rows[0]).toEqual({ role: 'admin', full_name: 'Administrator', active: true });
  });

  it('should show another admin only the memberships in their own clinics', async () => {
    const shared = await newStaff(app, root, 'nurse', [clinicA, clinicB]);
    const seenByA = await app.http().get(`/api/v1/users/${shared.id}`).set(auth(adminA.token));
    const seenByRoot = await app.http().get(`/api/v1/users/${shared.id}`).set(auth(root));

    expect(seenByA.body.clinicIds).toEqual([clinicA]);
    expect([...seenByRoot.body.clinicIds].sort()).toEqual([clinicA, clinicB].sort());
  });

  it('should record a login once per clinic of the user, in that clinic’s trail', async () => {
    const shared = await newStaff(app, root, 'clinician', [clinicA, clinicB]);
    await login(app, shared.email, shared.password);
    const { rows } = await app.db.query(
      "SELECT clinic_id FROM audit_events WHERE action = 'login' AND actor_id = $1 ORDER BY clinic_id",
      [shared.id],
    );
    // newStaff logs in once, and we logged in once more
    expect(rows.map((r: { clinic_id: string }) => r.clinic_id)).toEqual(
      [clinicA, clinicA, clinicB, clinicB].sort(),
    );
  });
});
