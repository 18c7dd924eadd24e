import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
} from 'test/support/fixtures';
import { newConsent } from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

jest.setTimeout(60_000);

// Off-label consent on file before infusion (ketamine-clinic.md introduction, §2.4 checklist).
describe('patient consents', () => {
  let app: TestApp;
  let world: ClinicWorld;
  let other: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    const root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    other = await newClinicWorld(app, root);
  });
  afterAll(async () => {
    await app.stop();
  });

  const url = (patientId: string, rest = '') => `/api/v1/patients/${patientId}/consents${rest}`;

  it('should record a signed consent witnessed by the caller, store it and audit it', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const signedAt = new Date(Date.now() - 3_600_000).toISOString();
    const response = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.nurse.token))
      .send({
        kind: 'ketamine_infusion_off_label',
        signedAt,
        signedByPatient: true,
        documentReference: 'docstore://c/1.pdf',
      });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(url(patient.id, `/${response.body.id}`));
    expect(response.body).toMatchObject({
      patientId: patient.id,
      kind: 'ketamine_infusion_off_label',
      signedAt,
      expiresAt: null,
      witnessedBy: world.staff.nurse.id,
      recordedBy: world.staff.nurse.id,
      active: true,
      revokedAt: null,
    });
    const row = await app.db.query(
      'SELECT witnessed_by, signed_by_patient FROM consents WHERE id = $1',
      [response.body.id],
    );
    expect(row.rows).toEqual([{ witnessed_by: world.staff.nurse.id, signed_by_patient: true }]);
    const audit = await app.db.query(
      `SELECT action, details FROM audit_events WHERE resource_type = 'Consent' AND resource_id = $1`,
      [response.body.id],
    );
    expect(audit.rows).toEqual([
      { action: 'create', details: { patientId: patient.id, kind: 'ketamine_infusion_off_label' } },
    ]);
  });

  it('should accept another staff member of the clinic as witness, and refuse anyone else', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const ok = await newConsent(app, world.staff.clinician.token, patient.id, {
      witnessedBy: world.staff.front_desk.id,
    });
    expect(ok.witnessedBy).toBe(world.staff.front_desk.id);
    const foreign = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send({
        kind: 'ketamine_infusion_off_label',
        signedAt: new Date().toISOString(),
        signedByPatient: true,
        witnessedBy: other.staff.nurse.id,
      });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('WITNESS_NOT_STAFF');
    expect(foreign.body.errors).toEqual([{ field: 'witnessedBy', message: expect.any(String) }]);
  });

  it('should answer 400 for invalid input', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const bad = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send({ kind: 'anything', signedAt: 'yesterday', signedByPatient: false, extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['kind', 'signedAt', 'signedByPatient']),
    );
    const dates = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send({
        kind: 'ketamine_infusion_off_label',
        signedAt: '2026-01-10T00:00:00Z',
        expiresAt: '2026-01-01T00:00:00Z',
        signedByPatient: true,
      });
    expect(dates.status).toBe(400);
    expect(dates.body.errors).toEqual([{ field: 'expiresAt', message: expect.any(String) }]);
    const count = await app.db.query(
      'SELECT count(*)::int AS n FROM consents WHERE patient_id = $1',
      [patient.id],
    );
    expect(count.rows[0].n).toBe(0);
  });

  it('should revoke a consent once, keeping it on record', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const consent = await newConsent(app, world.staff.nurse.token, patient.id);
    const revoked = await app
      .http()
      .post(url(patient.id, `/${consent.id}/revoke`))
      .set(auth(world.staff.clinician.token))
      .send({ reason: 'Withdrawn by phone' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      active: false,
      revokedBy: world.staff.clinician.id,
      revocationReason: 'Withdrawn by phone',
      revokedAt: expect.any(String),
    });
    const again = await app
      .http()
      .post(url(patient.id, `/${consent.id}/revoke`))
      .set(auth(world.staff.clinician.token))
      .send({ reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONSENT_ALREADY_REVOKED');
    const noReason = await app
      .http()
      .post(url(patient.id, `/${consent.id}/revoke`))
      .set(auth(world.staff.clinician.token))
      .send({});
    expect(noReason.status).toBe(400);
    const audit = await app.db.query(
      `SELECT action_name, details FROM audit_events WHERE resource_id = $1 AND action = 'action'`,
      [consent.id],
    );
    expect(audit.rows).toEqual([
      { action_name: 'revoke', details: { patientId: patient.id, fields: ['reason'] } },
    ]);
  });

  it('should let exactly one of concurrent revocations win', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const consent = await newConsent(app, world.staff.nurse.token, patient.id);
    const responses = await Promise.all(
      [1, 2, 3].map(() =>
        app
          .http()
          .post(url(patient.id, `/${consent.id}/revoke`))
          .set(auth(world.staff.nurse.token))
          .send({ reason: 'Withdrawn' }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('should list (newest first, revoked and expired included but inactive) and get one', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const expired = await newConsent(app, world.staff.nurse.token, patient.id, {
      signedAt: '2025-01-01T00:00:00Z',
      expiresAt: '2025-06-01T00:00:00Z',
    });
    const current = await newConsent(app, world.staff.nurse.token, patient.id);
    const list = await app.http().get(url(patient.id)).set(auth(world.staff.front_desk.token));
    expect(list.status).toBe(200);
    expect(
      (list.body.data as { id: string; active: boolean }[]).map((c) => [c.id, c.active]),
    ).toEqual([
      [current.id, true],
      [expired.id, false],
    ]);
    const got = await app
      .http()
      .get(url(patient.id, `/${current.id}`))
      .set(auth(world.staff.admin.token));
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
  });

  it('should let only clinicians and nurses record or revoke (403 otherwise)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const consent = await newConsent(app, world.staff.nurse.token, patient.id);
    for (const role of ['admin', 'front_desk'] as const) {
      const token = world.staff[role].token;
      const create = await app.http().post(url(patient.id)).set(auth(token)).send({
        kind: 'ketamine_infusion_off_label',
        signedAt: new Date().toISOString(),
        signedByPatient: true,
      });
      expect(create.status).toBe(403);
      const revoke = await app
        .http()
        .post(url(patient.id, `/${consent.id}/revoke`))
        .set(auth(token))
        .send({ reason: 'x' });
      expect(revoke.status).toBe(403);
    }
  });

  it('should hide another clinic’s consents (404)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const consent = await newConsent(app, world.staff.nurse.token, patient.id);
    const token = other.staff.clinician.token;
    const responses = await Promise.all([
      app.http().post(url(patient.id)).set(auth(token)).send({
        kind: 'ketamine_infusion_off_label',
        signedAt: new Date().toISOString(),
        signedByPatient: true,
      }),
      app.http().get(url(patient.id)).set(auth(token)),
      app
        .http()
        .get(url(patient.id, `/${consent.id}`))
        .set(auth(token)),
      app
        .http()
        .post(url(patient.id, `/${consent.id}/revoke`))
        .set(auth(token))
        .send({ reason: 'x' }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    const row = await app.db.query('SELECT revoked_at FROM consents WHERE id = $1', [consent.id]);
    expect(row.rows[0].revoked_at).toBeNull();
  });
});
