import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinic,
  newClinicWorld,
  newPatient,
  newStaff,
} from 'test/support/fixtures';
import { errorFields, expectProblem, idsOf } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('patients', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;

  const dbRow = async (id: string) =>
    (await app.db.query('SELECT * FROM patients WHERE id = $1', [id])).rows[0] as
      Record<string, unknown> | undefined;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
  });
  afterAll(async () => {
    await app.stop();
  });

  describe('POST /api/v1/patients', () => {
    it('should answer 201 with the patient, a Location and an ETag, and store it', async () => {
      const response = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.clinician.token))
        .send({
          firstName: ' Zoë ',
          lastName: 'Álvarez',
          preferredName: 'Zo',
          dateOfBirth: '1984-03-09',
          sexAtBirth: 'female',
          genderIdentity: 'woman',
          email: 'zoe@example.com',
          phone: '+1 303 555 0142',
          address: { line1: '42 Elm St', city: 'Boulder', region: 'CO', country: 'US' },
          emergencyContact: { name: 'Sam Rivera', relationship: 'spouse', phone: '303 555 0199' },
          heightCm: 168,
          externalIdentifiers: [{ system: 'urn:ehr', value: 'EHR-1' }],
        });
      expect(response.status).toBe(201);
      const id = response.body.id as string;
      expect(response.headers.location).toBe(`/api/v1/patients/${id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({
        clinicId: a.clinicId,
        mrn: `${a.code}-000001`,
        firstName: 'Zoë',
        lastName: 'Álvarez',
        preferredName: 'Zo',
        dateOfBirth: '1984-03-09',
        sexAtBirth: 'female',
        weightKg: null,
        weightRecordedAt: null,
        heightCm: 168,
        externalIdentifiers: [{ system: 'urn:ehr', value: 'EHR-1' }],
        archivedAt: null,
        archivedBy: null,
        version: 1,
      });
      expect(await dbRow(id)).toMatchObject({
        clinic_id: a.clinicId,
        first_name: 'Zoë',
        last_name_key: 'alvarez',
        phone_digits: '13035550142',
      });
      const got = await app.http().get(`/api/v1/patients/${id}`).set(auth(a.staff.nurse.token));
      expect(got.status).toBe(200);
      expect(got.body).toEqual(response.body);
      expect(got.headers.etag).toBe('"1"');
    });

    it('should generate MRNs <CODE>-000001, -000002… per clinic, skipping hand-entered ones, also under concurrency', async () => {
      const clinic = await newClinic(app, root, { code: 'SEQ1' });
      const make = (overrides: Record<string, unknown> = {}) =>
        newPatient(app, root, { clinicId: clinic.id, ...overrides });
      expect((await make()).mrn).toBe('SEQ1-000001');
      expect((await make({ mrn: 'SEQ1-000002' })).mrn).toBe('SEQ1-000002');
      expect((await make()).mrn).toBe('SEQ1-000003');
      const parallel = await Promise.all(Array.from({ length: 6 }, () => make()));
      expect(parallel.map((p) => p.mrn as string).sort()).toEqual(
        ['000004', '000005', '000006', '000007', '000008', '000009'].map((n) => `SEQ1-${n}`),
      );
      // Another clinic has its own series.
      const other = await newClinic(app, root, { code: 'SEQ2' });
      expect((await newPatient(app, root, { clinicId: other.id })).mrn).toBe('SEQ2-000001');
    });

    it('should refuse a duplicate MRN in the same clinic with 409 and allow it in another clinic', async () => {
      await newPatient(app, a.staff.admin.token, { mrn: 'DUP-1' });
      const again = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.clinician.token))
        .send({
          mrn: 'DUP-1',
          firstName: 'X',
          lastName: 'Y',
          dateOfBirth: '1990-01-01',
          sexAtBirth: 'male',
        });
      expectProblem(again, 409, 'PATIENT_MRN_TAKEN');
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM patients WHERE clinic_id = $1 AND mrn = 'DUP-1'`,
        [a.clinicId],
      );
      expect(rows[0].n).toBe(1);
      const inB = await newPatient(app, b.staff.admin.token, { mrn: 'DUP-1' });
      expect(inB.mrn).toBe('DUP-1');
    });

    it('should answer concurrent creates with the same MRN with exactly one 201 and 409s', async () => {
      const body = {
        mrn: 'RACE-1',
        firstName: 'R',
        lastName: 'Ace',
        dateOfBirth: '1990-01-01',
        sexAtBirth: 'male',
      };
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          app.http().post('/api/v1/patients').set(auth(a.staff.clinician.token)).send(body),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it('should keep external identifiers unique per clinic and system, one per system per patient', async () => {
      const ids = (value: string, system = 'urn:insurer') => [{ system, value }];
      await newPatient(app, a.staff.admin.token, { externalIdentifiers: ids('M-1') });
      const taken = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.admin.token))
        .send({
          firstName: 'I',
          lastName: 'D',
          dateOfBirth: '1990-01-01',
          sexAtBirth: 'male',
          externalIdentifiers: ids('M-1'),
        });
      expectProblem(taken, 409, 'PATIENT_IDENTIFIER_TAKEN');
      // Nothing half-written: the patient row of the refused create was rolled back.
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM patients WHERE clinic_id = $1 AND first_name = 'I' AND last_name = 'D'`,
        [a.clinicId],
      );
      expect(rows[0].n).toBe(0);
      // Same system and value in another clinic, or another system in this clinic: fine.
      await newPatient(app, b.staff.admin.token, { externalIdentifiers: ids('M-1') });
      await newPatient(app, a.staff.admin.token, { externalIdentifiers: ids('M-1', 'urn:other') });

      const twice = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.admin.token))
        .send({
          firstName: 'T',
          lastName: 'W',
          dateOfBirth: '1990-01-01',
          sexAtBirth: 'male',
          externalIdentifiers: [...ids('A'), ...ids('B')],
        });
      expectProblem(twice, 400, 'DUPLICATE_IDENTIFIER_SYSTEM');
      expect(errorFields(twice)).toEqual(['externalIdentifiers']);
    });

    it('should set weightRecordedAt when a weight is given, and refuse one in the future', async () => {
      const before = Date.now();
      const p = await newPatient(app, a.staff.clinician.token, { weightKg: 72.5 });
      expect(p.weightKg).toBe(72.5);
      expect(Date.parse(p.weightRecordedAt as string)).toBeGreaterThanOrEqual(before - 1000);
      const given = await newPatient(app, a.staff.clinician.token, {
        weightKg: 80,
        weightRecordedAt: '2026-01-02T03:04:05.000Z',
      });
      expect(given.weightRecordedAt).toBe('2026-01-02T03:04:05.000Z');
      // A weight "measured" in the future would look fresh for longer than it is (dosing uses its age).
      const future = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
      const refused = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.clinician.token))
        .send({
          firstName: 'F',
          lastName: 'Uture',
          dateOfBirth: '1990-01-01',
          sexAtBirth: 'male',
          weightKg: 80,
          weightRecordedAt: future,
        });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors).toEqual([
        { field: 'weightRecordedAt', message: 'weightRecordedAt must not be in the future' },
      ]);
      const patched = await app
        .http()
        .patch(`/api/v1/patients/${given.id}`)
        .set(auth(a.staff.nurse.token))
        .send({ weightKg: 81, weightRecordedAt: future });
      expectProblem(patched, 400, 'VALIDATION_FAILED');
    });

    it('should need clinicId from a member of several clinics, and 404 a clinic that is not theirs', async () => {
      const multi = await newStaff(app, root, 'clinician', [a.clinicId, b.clinicId]);
      const base = { firstName: 'M', lastName: 'C', dateOfBirth: '1990-01-01', sexAtBirth: 'male' };
      const noClinic = await app.http().post('/api/v1/patients').set(auth(multi.token)).send(base);
      expectProblem(noClinic, 400, 'CLINIC_REQUIRED');
      expect(errorFields(noClinic)).toEqual(['clinicId']);
      const withClinic = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(multi.token))
        .send({ ...base, clinicId: b.clinicId });
      expect(withClinic.status).toBe(201);
      const foreign = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.clinician.token))
        .send({ ...base, clinicId: b.clinicId });
      expectProblem(foreign, 404, 'CLINIC_NOT_FOUND');
    });

    it('should refuse weight or height from front desk on create too (403), creating nothing', async () => {
      const response = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.front_desk.token))
        .send({
          firstName: 'W',
          lastName: 'Eight',
          dateOfBirth: '1990-01-01',
          sexAtBirth: 'male',
          weightKg: 70,
        });
      expectProblem(response, 403, 'FIELD_NOT_ALLOWED_FOR_ROLE');
      expect(errorFields(response)).toEqual(['weightKg']);
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM patients WHERE last_name = 'Eight'`,
      );
      expect(rows[0].n).toBe(0);
    });

    it('should refuse creation by a nurse with 403', async () => {
      const response = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(a.staff.nurse.token))
        .send({ firstName: 'N', lastName: 'O', dateOfBirth: '1990-01-01', sexAtBirth: 'male' });
      expectProblem(response, 403, 'FORBIDDEN');
    });
  });

  describe('PATCH /api/v1/patients/{id}', () => {
    it('should change only the fields given, clear optional fields with null and bump the ETag', async () => {
      const p = await newPatient(app, a.staff.admin.token, {
        preferredName: 'Pat',
        email: 'pat@example.com',
        phone: '303 555 0100',
        address: { line1: '1 Main St', city: 'Denver', country: 'US' },
      });
      const response = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.clinician.token))
        .set('If-Match', '"1"')
        .send({
          firstName: 'Patricia',
          preferredName: null,
          email: null,
          phone: null,
          address: null,
        });
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toMatchObject({
        firstName: 'Patricia',
        lastName: p.lastName,
        preferredName: null,
        email: null,
        phone: null,
        address: null,
        version: 2,
      });
      expect(await dbRow(p.id)).toMatchObject({
        first_name: 'Patricia',
        preferred_name: null,
        email: null,
        phone: null,
        phone_digits: null,
        address: null,
        version: 2,
      });
    });

    it('should refuse null for a required field with 400 naming it', async () => {
      const p = await newPatient(app, a.staff.admin.token);
      for (const field of [
        'firstName',
        'lastName',
        'dateOfBirth',
        'sexAtBirth',
        'mrn',
        'externalIdentifiers',
      ]) {
        const response = await app
          .http()
          .patch(`/api/v1/patients/${p.id}`)
          .set(auth(a.staff.admin.token))
          .send({ [field]: null });
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(errorFields(response)).toEqual([field]);
      }
      expect(await dbRow(p.id)).toMatchObject({ version: 1, first_name: 'Alex' });
    });

    it('should answer a stale If-Match with 412 and change nothing', async () => {
      const p = await newPatient(app, a.staff.admin.token, { email: 'keep@example.com' });
      const first = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.admin.token))
        .set('If-Match', '"1"')
        .send({ firstName: 'First' });
      expect(first.status).toBe(200);
      const before = await dbRow(p.id);
      const auditBefore = await app.db.query(
        'SELECT count(*)::int AS n FROM audit_events WHERE resource_id = $1',
        [p.id],
      );

      const stale = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.admin.token))
        .set('If-Match', '"1"')
        .send({
          firstName: 'Second',
          email: null,
          externalIdentifiers: [{ system: 's', value: 'v' }],
        });
      expectProblem(stale, 412, 'STALE_VERSION');
      expect(await dbRow(p.id)).toEqual(before);
      const idents = await app.db.query(
        'SELECT count(*)::int AS n FROM patient_identifiers WHERE patient_id = $1',
        [p.id],
      );
      expect(idents.rows[0].n).toBe(0);
      const auditAfter = await app.db.query(
        'SELECT count(*)::int AS n FROM audit_events WHERE resource_id = $1',
        [p.id],
      );
      expect(auditAfter.rows[0].n).toBe(auditBefore.rows[0].n);
    });

    it('should let exactly one of several concurrent PATCHes with the same If-Match win', async () => {
      const p = await newPatient(app, a.staff.admin.token);
      const responses = await Promise.all(
        ['One', 'Two', 'Three', 'Four'].map((firstName) =>
          app
            .http()
            .patch(`/api/v1/patients/${p.id}`)
            .set(auth(a.staff.admin.token))
            .set('If-Match', '"1"')
            .send({ firstName }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
      const winner = responses.find((r) => r.status === 200);
      expect(await dbRow(p.id)).toMatchObject({ version: 2, first_name: winner?.body.firstName });
    });

    it('should answer a PATCH to an MRN taken in the clinic with 409', async () => {
      const taken = await newPatient(app, a.staff.admin.token);
      const p = await newPatient(app, a.staff.admin.token);
      const response = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.admin.token))
        .send({ mrn: taken.mrn });
      expectProblem(response, 409, 'PATIENT_MRN_TAKEN');
      expect(await dbRow(p.id)).toMatchObject({ mrn: p.mrn, version: 1 });
    });

    it('should replace the external identifiers as a set', async () => {
      const p = await newPatient(app, a.staff.admin.token, {
        externalIdentifiers: [{ system: 'urn:a', value: 'A-1' }],
      });
      const response = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.front_desk.token))
        .send({
          externalIdentifiers: [
            { system: 'urn:b', value: 'B-1' },
            { system: 'urn:c', value: 'C-1' },
          ],
        });
      expect(response.status).toBe(200);
      expect(response.body.externalIdentifiers).toEqual([
        { system: 'urn:b', value: 'B-1' },
        { system: 'urn:c', value: 'C-1' },
      ]);
    });

    it('should let front desk change demographics but not weight or height (403)', async () => {
      const p = await newPatient(app, a.staff.admin.token);
      const demographics = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.front_desk.token))
        .send({ phone: '303 555 0111', email: 'new@example.com' });
      expect(demographics.status).toBe(200);
      expect(demographics.body).toMatchObject({ phone: '303 555 0111', email: 'new@example.com' });

      for (const body of [{ weightKg: 70 }, { heightCm: 170 }, { firstName: 'Ok', weightKg: 70 }]) {
        const response = await app
          .http()
          .patch(`/api/v1/patients/${p.id}`)
          .set(auth(a.staff.front_desk.token))
          .send(body);
        expectProblem(response, 403, 'FIELD_NOT_ALLOWED_FOR_ROLE');
        expect(errorFields(response)).toEqual(Object.keys(body).filter((k) => k !== 'firstName'));
      }
      expect(await dbRow(p.id)).toMatchObject({ version: 2, weight_kg: null, first_name: 'Alex' });
    });

    it('should let a nurse change weight and height only', async () => {
      const p = await newPatient(app, a.staff.admin.token);
      const measured = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.nurse.token))
        .send({ weightKg: 81.3, heightCm: 177 });
      expect(measured.status).toBe(200);
      expect(measured.body).toMatchObject({
        weightKg: 81.3,
        heightCm: 177,
        weightRecordedAt: expect.any(String),
      });

      const name = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.nurse.token))
        .send({ firstName: 'Nope' });
      expectProblem(name, 403, 'FIELD_NOT_ALLOWED_FOR_ROLE');
      expect(errorFields(name)).toEqual(['firstName']);

      const cleared = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.clinician.token))
        .send({ weightKg: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ weightKg: null, weightRecordedAt: null, heightCm: 177 });
    });

    it('should record only the fields sent in the update audit event', async () => {
      const p = await newPatient(app, a.staff.admin.token);
      const response = await app
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.front_desk.token))
        .send({ phone: '303 555 0123' });
      expect(response.status).toBe(200);
      const { rows } = await app.db.query(
        `SELECT details FROM audit_events WHERE resource_id = $1 AND action = 'update'`,
        [p.id],
      );
      expect(rows).toEqual([{ details: { fields: ['phone'] } }]);
    });
  });

  describe('archive and restore', () => {
    it('should archive (soft delete), hide from lists unless includeArchived, keep GET by id, and restore', async () => {
      const p = await newPatient(app, a.staff.admin.token, { lastName: 'Archivable' });
      const listed = async (extra = '') =>
        idsOf(
          await app
            .http()
            .get(`/api/v1/patients?name=Archivable${extra}`)
            .set(auth(a.staff.clinician.token)),
        );
      expect(await listed()).toEqual([p.id]);

      const archived = await app
        .http()
        .delete(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.clinician.token))
        .set('If-Match', '"1"');
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({
        archivedAt: expect.any(String),
        archivedBy: a.staff.clinician.id,
        version: 2,
      });
      expect(await dbRow(p.id)).toMatchObject({ archived_by: a.staff.clinician.id });
      expect(await listed()).toEqual([]);
      expect(await listed('&includeArchived=true')).toEqual([p.id]);
      const got = await app
        .http()
        .get(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.front_desk.token));
      expect(got.status).toBe(200);
      expect(got.body.archivedAt).toBe(archived.body.archivedAt);

      expectProblem(
        await app.http().delete(`/api/v1/patients/${p.id}`).set(auth(a.staff.clinician.token)),
        409,
        'PATIENT_ARCHIVED',
      );
      expectProblem(
        await app
          .http()
          .patch(`/api/v1/patients/${p.id}`)
          .set(auth(a.staff.clinician.token))
          .send({ firstName: 'Changed' }),
        409,
        'PATIENT_ARCHIVED',
      );

      const restored = await app
        .http()
        .post(`/api/v1/patients/${p.id}/restore`)
        .set(auth(a.staff.admin.token));
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ archivedAt: null, archivedBy: null, version: 3 });
      expect(await listed()).toEqual([p.id]);
      expectProblem(
        await app.http().post(`/api/v1/patients/${p.id}/restore`).set(auth(a.staff.admin.token)),
        409,
        'PATIENT_NOT_ARCHIVED',
      );
    });

    it('should answer a stale If-Match on archive with 412', async () => {
      const p = await newPatient(app, a.staff.admin.token);
      const response = await app
        .http()
        .delete(`/api/v1/patients/${p.id}`)
        .set(auth(a.staff.admin.token))
        .set('If-Match', '"7"');
      expectProblem(response, 412, 'STALE_VERSION');
      expect(await dbRow(p.id)).toMatchObject({ archived_at: null, version: 1 });
    });

    it('should refuse archive and restore by nurse and front desk with 403', async () => {
      const p = await newPatient(app, a.staff.admin.token);
      for (const role of ['nurse', 'front_desk'] as const) {
        const token = a.staff[role].token;
        expectProblem(await app.http().delete(`/api/v1/patients/${p.id}`).set(auth(token)), 403);
        expectProblem(
          await app.http().post(`/api/v1/patients/${p.id}/restore`).set(auth(token)),
          403,
        );
      }
      expect(await dbRow(p.id)).toMatchObject({ archived_at: null });
    });
  });

  describe('clinic isolation', () => {
    it('should answer 404 to every role of clinic B for clinic A’s patient and change nothing', async () => {
      const p = await newPatient(app, a.staff.admin.token, { email: 'iso@example.com' });
      const before = await dbRow(p.id);
      for (const role of ['admin', 'clinician'] as const) {
        const token = b.staff[role].token;
        expectProblem(
          await app.http().get(`/api/v1/patients/${p.id}`).set(auth(token)),
          404,
          'PATIENT_NOT_FOUND',
        );
        expectProblem(
          await app
            .http()
            .patch(`/api/v1/patients/${p.id}`)
            .set(auth(token))
            .send({ firstName: 'Hijack' }),
          404,
          'PATIENT_NOT_FOUND',
        );
        expectProblem(
          await app.http().delete(`/api/v1/patients/${p.id}`).set(auth(token)),
          404,
          'PATIENT_NOT_FOUND',
        );
        expectProblem(
          await app.http().post(`/api/v1/patients/${p.id}/restore`).set(auth(token)),
          404,
          'PATIENT_NOT_FOUND',
        );
      }
      for (const role of ['nurse', 'front_desk'] as const) {
        expectProblem(
          await app.http().get(`/api/v1/patients/${p.id}`).set(auth(b.staff[role].token)),
          404,
          'PATIENT_NOT_FOUND',
        );
      }
      expect(await dbRow(p.id)).toEqual(before);
      const list = await app
        .http()
        .get('/api/v1/patients?email=iso@example.com')
        .set(auth(b.staff.admin.token));
      expect(list.body.data).toEqual([]);
      const filtered = await app
        .http()
        .get(`/api/v1/patients?clinicId=${a.clinicId}`)
        .set(auth(b.staff.admin.token));
      expectProblem(filtered, 404, 'CLINIC_NOT_FOUND');
      const unknownClinic = await app
        .http()
        .get('/api/v1/patients?clinicId=00000000-0000-4000-8000-000000000000')
        .set(auth(b.staff.admin.token));
      expectProblem(unknownClinic, 404, 'CLINIC_NOT_FOUND');
      // Clinic B's searches never land in clinic A's audit trail.
      const { rows } = await app.db.query(
        'SELECT count(*)::int AS n FROM audit_events WHERE clinic_id = $1 AND actor_id = ANY($2)',
        [a.clinicId, Object.values(b.staff).map((s) => s.id)],
      );
      expect(rows[0].n).toBe(0);
    });
  });
});
