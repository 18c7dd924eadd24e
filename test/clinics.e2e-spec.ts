import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinic,
  newClinicWorld,
  newStaff,
} from 'test/support/fixtures';
import { errorFields, expectProblem, idsOf } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('clinics', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should create a clinic with 201, Location and ETag, and make the creator a member', async () => {
    const response = await app
      .http()
      .post('/api/v1/clinics')
      .set(auth(a.staff.admin.token))
      .send({
        name: ' Front Range Ketamine ',
        code: 'FRK1',
        timezone: 'America/Denver',
        phone: '+1 303 555 0100',
        address: { line1: '1200 Larimer St', city: 'Denver', region: 'CO', country: 'US' },
        hours: [{ day: 'mon', opens: '08:00', closes: '17:00' }],
        treatmentsOffered: ['treatment_resistant_depression', 'ptsd'],
      });
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    expect(response.headers.location).toBe(`/api/v1/clinics/${id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({
      name: 'Front Range Ketamine',
      code: 'FRK1',
      timezone: 'America/Denver',
      email: null,
      listedPublicly: true,
      settings: { maxDoseMgPerKg: 1, preDoseHoldSystolic: 140, followUpDaysAfterSession: [1, 7] },
      version: 1,
    });
    const { rows } = await app.db.query('SELECT user_id FROM user_clinics WHERE clinic_id = $1', [
      id,
    ]);
    expect(rows).toEqual([{ user_id: a.staff.admin.id }]);
    const got = await app.http().get(`/api/v1/clinics/${id}`).set(auth(a.staff.admin.token));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(response.body);
  });

  it('should answer a duplicate code with 409 CLINIC_CODE_TAKEN and leave no membership behind', async () => {
    await newClinic(app, root, { code: 'DUPC' });
    const again = await app
      .http()
      .post('/api/v1/clinics')
      .set(auth(a.staff.admin.token))
      .send({ name: 'Other', code: 'DUPC', timezone: 'UTC' });
    expectProblem(again, 409, 'CLINIC_CODE_TAKEN');
    const { rows } = await app.db.query(
      `SELECT count(*)::int AS n FROM clinics WHERE code = 'DUPC'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('should answer invalid clinic fields with 400 naming them', async () => {
    const response = await app
      .http()
      .post('/api/v1/clinics')
      .set(auth(root))
      .send({
        name: '',
        code: 'lower',
        timezone: 'Mars/Olympus',
        hours: [{ day: 'xyz', opens: '25:00', closes: '17:00' }],
      });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(errorFields(response).sort()).toEqual([
      'code',
      'hours[0].day',
      'hours[0].opens',
      'name',
      'timezone',
    ]);
  });

  it('should let only admins create clinics', async () => {
    for (const role of ['clinician', 'nurse', 'front_desk'] as const) {
      const response = await app
        .http()
        .post('/api/v1/clinics')
        .set(auth(a.staff[role].token))
        .send({ name: 'Nope', code: `NO${role.length}`, timezone: 'UTC' });
      expectProblem(response, 403, 'FORBIDDEN');
    }
  });

  it('should list and read only the caller’s own clinics, by name, paginated', async () => {
    const nurseList = await app.http().get('/api/v1/clinics').set(auth(a.staff.nurse.token));
    expect(nurseList.status).toBe(200);
    expect(idsOf(nurseList)).toEqual([a.clinicId]);
    expect(nurseList.body.nextCursor).toBeNull();
    expectProblem(
      await app.http().get(`/api/v1/clinics/${b.clinicId}`).set(auth(a.staff.nurse.token)),
      404,
      'CLINIC_NOT_FOUND',
    );
    expectProblem(
      await app.http().get(`/api/v1/clinics/${b.clinicId}`).set(auth(a.staff.admin.token)),
      404,
      'CLINIC_NOT_FOUND',
    );

    // Root created every clinic here: page through them all.
    const seen: string[] = [];
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await app
        .http()
        .get(`/api/v1/clinics?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set(auth(root));
      expect(page.status).toBe(200);
      seen.push(...idsOf(page));
      names.push(...(page.body.data as { name: string }[]).map((c) => c.name));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    const { rows } = await app.db.query(
      `SELECT c.id FROM clinics c JOIN user_clinics uc ON uc.clinic_id = c.id JOIN users u ON u.id = uc.user_id
        WHERE u.email = 'root-admin@test.example' ORDER BY c.name, c.id`,
    );
    expect(seen).toEqual(rows.map((r: { id: string }) => r.id));
    expect([...names].sort()).toEqual(names);
  });

  it('should PATCH a clinic with If-Match, keep unsent fields, and 412 a stale version', async () => {
    const clinic = await newClinic(app, root, { email: 'hello@clinic.example' });
    const response = await app
      .http()
      .patch(`/api/v1/clinics/${clinic.id}`)
      .set(auth(root))
      .set('If-Match', '"1"')
      .send({ name: 'Renamed Clinic', phone: null, listedPublicly: false });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body).toMatchObject({
      name: 'Renamed Clinic',
      code: clinic.code,
      timezone: 'America/Denver',
      email: 'hello@clinic.example',
      phone: null,
      listedPublicly: false,
      version: 2,
    });
    const stale = await app
      .http()
      .patch(`/api/v1/clinics/${clinic.id}`)
      .set(auth(root))
      .set('If-Match', '"1"')
      .send({ name: 'Lost Update' });
    expectProblem(stale, 412, 'STALE_VERSION');
    const { rows } = await app.db.query('SELECT name, version FROM clinics WHERE id = $1', [
      clinic.id,
    ]);
    expect(rows[0]).toEqual({ name: 'Renamed Clinic', version: 2 });
    // The code is fixed once MRNs are issued with it.
    expectProblem(
      await app.http().patch(`/api/v1/clinics/${clinic.id}`).set(auth(root)).send({ code: 'NEW' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('should refuse clinic PATCH to non-admins (403) and to admins of other clinics (404)', async () => {
    for (const role of ['clinician', 'nurse', 'front_desk'] as const) {
      expectProblem(
        await app
          .http()
          .patch(`/api/v1/clinics/${a.clinicId}`)
          .set(auth(a.staff[role].token))
          .send({ name: 'X' }),
        403,
      );
    }
    expectProblem(
      await app
        .http()
        .patch(`/api/v1/clinics/${a.clinicId}`)
        .set(auth(b.staff.admin.token))
        .send({ name: 'X' }),
      404,
      'CLINIC_NOT_FOUND',
    );
  });

  describe('settings', () => {
    it('should show the documented defaults to any member', async () => {
      const response = await app
        .http()
        .get(`/api/v1/clinics/${a.clinicId}/settings`)
        .set(auth(a.staff.front_desk.token));
      expect(response.status).toBe(200);
      // ketamine-clinic.md §1.1 (max dose 1.0 mg/kg), §2.3 (hold above 140/90), §4.1 (30 min recovery, SpO2 94 %).
      expect(response.body).toMatchObject({
        maxDoseMgPerKg: 1,
        preDoseHoldSystolic: 140,
        preDoseHoldDiastolic: 90,
        minRecoveryMinutes: 30,
        dischargeMinSpo2: 94,
        followUpDaysAfterSession: [1, 7],
        minimumPatientAgeYears: 18,
      });
    });

    it('should change only the settings given and keep the others at their values', async () => {
      const clinic = await newClinic(app, root);
      const response = await app
        .http()
        .patch(`/api/v1/clinics/${clinic.id}/settings`)
        .set(auth(root))
        .send({
          preDoseHoldSystolic: 160,
          maxDoseMgPerKg: 0.75,
          followUpDaysAfterSession: [2, 14],
        });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        preDoseHoldSystolic: 160,
        preDoseHoldDiastolic: 90,
        maxDoseMgPerKg: 0.75,
        followUpDaysAfterSession: [2, 14],
        minRecoveryMinutes: 30,
      });
      const second = await app
        .http()
        .patch(`/api/v1/clinics/${clinic.id}/settings`)
        .set(auth(root))
        .send({ minRecoveryMinutes: 45 });
      expect(second.body).toMatchObject({ preDoseHoldSystolic: 160, minRecoveryMinutes: 45 });
      const { rows } = await app.db.query('SELECT settings FROM clinics WHERE id = $1', [
        clinic.id,
      ]);
      expect(rows[0].settings).toEqual({
        preDoseHoldSystolic: 160,
        maxDoseMgPerKg: 0.75,
        followUpDaysAfterSession: [2, 14],
        minRecoveryMinutes: 45,
      });
      const got = await app.http().get(`/api/v1/clinics/${clinic.id}`).set(auth(root));
      // The settings response also carries the clinic's version (its ETag); the clinic's settings do not.
      const { version, ...settings } = second.body as Record<string, unknown>;
      expect(got.body.settings).toEqual(settings);
      expect(version).toBe(got.body.version);
    });

    it('should answer out-of-range or unknown settings with 400 naming the field, changing nothing', async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [{ maxDoseMgPerKg: 12 }, ['maxDoseMgPerKg']],
        [{ preDoseHoldSystolic: 20 }, ['preDoseHoldSystolic']],
        [
          { dischargeMinSpo2: 101, minRecoveryMinutes: -1 },
          ['dischargeMinSpo2', 'minRecoveryMinutes'],
        ],
        [{ followUpDaysAfterSession: [1, 0] }, ['followUpDaysAfterSession']],
        [{ monitoringIntervalMinutes: 'ten' }, ['monitoringIntervalMinutes']],
        [{ noSuchSetting: 1 }, ['noSuchSetting']],
      ];
      for (const [body, fields] of cases) {
        const response = await app
          .http()
          .patch(`/api/v1/clinics/${a.clinicId}/settings`)
          .set(auth(a.staff.admin.token))
          .send(body);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(errorFields(response).sort()).toEqual(fields);
      }
      const { rows } = await app.db.query('SELECT settings FROM clinics WHERE id = $1', [
        a.clinicId,
      ]);
      expect(rows[0].settings).toEqual({});
    });

    it('should let only admins of the clinic change settings', async () => {
      for (const role of ['clinician', 'nurse', 'front_desk'] as const) {
        expectProblem(
          await app
            .http()
            .patch(`/api/v1/clinics/${a.clinicId}/settings`)
            .set(auth(a.staff[role].token))
            .send({ minRecoveryMinutes: 40 }),
          403,
        );
      }
      expectProblem(
        await app
          .http()
          .patch(`/api/v1/clinics/${a.clinicId}/settings`)
          .set(auth(b.staff.admin.token))
          .send({ minRecoveryMinutes: 40 }),
        404,
      );
      expectProblem(
        await app
          .http()
          .get(`/api/v1/clinics/${a.clinicId}/settings`)
          .set(auth(b.staff.nurse.token)),
        404,
      );
      const multi = await newStaff(app, root, 'admin', [a.clinicId, b.clinicId]);
      const ok = await app
        .http()
        .patch(`/api/v1/clinics/${b.clinicId}/settings`)
        .set(auth(multi.token))
        .send({ minRecoveryMinutes: 40 });
      expect(ok.status).toBe(200);
    });
  });
});
