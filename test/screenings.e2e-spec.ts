import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
} from 'test/support/fixtures';
import { cleanScreening, newScreening, signScreening } from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

jest.setTimeout(60_000);

// Eligibility from ../shared/domain/ketamine-clinic.md §2.1-2.3, computed by the server.
describe('screenings and eligibility', () => {
  let app: TestApp;
  let root: string;
  let world: ClinicWorld;
  let other: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    other = await newClinicWorld(app, root);
  });
  afterAll(async () => {
    await app.stop();
  });

  const url = (patientId: string, rest = '') => `/api/v1/patients/${patientId}/screenings${rest}`;

  it('should record a clean screening as eligible, store it and audit it', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const response = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send(cleanScreening());
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(url(patient.id, `/${response.body.id}`));
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({
      patientId: patient.id,
      clinicId: world.clinicId,
      decision: 'eligible',
      reasons: [],
      signedAt: null,
      permitsTreatment: false,
      validUntil: null,
      ageYears: expect.any(Number),
      systolicBp: 124,
      antidepressantTrials: [
        expect.objectContaining({ drug: 'sertraline', weeks: 8 }),
        expect.objectContaining({ drug: 'venlafaxine', outcome: 'partial_response' }),
      ],
    });
    const row = await app.db.query('SELECT decision, recorded_by FROM screenings WHERE id = $1', [
      response.body.id,
    ]);
    expect(row.rows).toEqual([{ decision: 'eligible', recorded_by: world.staff.clinician.id }]);
    const audit = await app.db.query(
      `SELECT action, details FROM audit_events WHERE resource_type = 'Screening' AND resource_id = $1`,
      [response.body.id],
    );
    expect(audit.rows).toEqual([{ action: 'create', details: { patientId: patient.id } }]);
  });

  it.each([
    ['pregnancy (§2.2 exclude)', { pregnant: true }, 'ineligible', ['PREGNANCY']],
    [
      'BP 150/95 above the 140/90 hold (§2.3)',
      { systolicBp: 150, diastolicBp: 95 },
      'ineligible',
      ['UNCONTROLLED_HYPERTENSION'],
    ],
    [
      'ketamine hypersensitivity (§2.2 absolute)',
      { ketamineHypersensitivity: true },
      'ineligible',
      ['KETAMINE_HYPERSENSITIVITY'],
    ],
    [
      'untreated hyperthyroidism (§2.2 relative)',
      { thyroidStatus: 'hyperthyroid_untreated' },
      'needs_clinician_review',
      ['UNTREATED_HYPERTHYROIDISM'],
    ],
    [
      'one failed trial for TRD (§2.1)',
      {
        antidepressantTrials: [
          {
            drug: 'sertraline',
            doseMgPerDay: 150,
            weeks: 8,
            outcome: 'no_response',
            currentEpisode: true,
          },
        ],
      },
      'needs_clinician_review',
      ['TRD_CRITERIA_NOT_MET'],
    ],
    [
      'heart rate 120 outside the clinic range 50-110 (§2.3 convention)',
      { heartRate: 120 },
      'needs_clinician_review',
      ['HEART_RATE_OUT_OF_RANGE'],
    ],
    [
      'no trials for PTSD (§2.1 TRD only)',
      { indications: ['ptsd'], primaryIndication: 'ptsd', antidepressantTrials: [] },
      'eligible',
      [],
    ],
  ])('should compute %s', async (_name, facts, decision, codes) => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id, facts);
    expect(screening.decision).toBe(decision);
    expect((screening.reasons as { code: string }[]).map((r) => r.code)).toEqual(codes);
  });

  it.each([
    [
      'an MAOI and an opioid (§2.2 flag)',
      {
        currentMedications: [
          { name: 'phenelzine', drugClass: 'maoi' },
          { name: 'oxycodone', drugClass: 'opioid' },
          { name: 'bupropion' },
        ],
      },
      ['INTERACTING_MEDICATION'],
      /MAOI, opioid/,
    ],
    [
      'a baseline PHQ-9 of 8 for TRD (§2.1 PHQ-9 ≥ 10)',
      { baselineScores: [{ instrument: 'phq9', score: 8 }] },
      ['SEVERITY_BELOW_MODERATE'],
      /PHQ-9 8/,
    ],
  ])('should ask a clinician to review %s', async (_name, facts, codes, message) => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id, facts);
    expect(screening.decision).toBe('needs_clinician_review');
    const reasons = screening.reasons as { code: string; severity: string; message: string }[];
    expect(reasons.map((r) => r.code)).toEqual(codes);
    expect(reasons[0]).toMatchObject({
      severity: 'relative',
      message: expect.stringMatching(message),
    });
    expect(screening.currentMedications).toEqual(
      (facts as { currentMedications?: unknown }).currentMedications ??
        cleanScreening().currentMedications,
    );
  });

  it.each([
    ['an unknown instrument', [{ instrument: 'PHQ-9', score: 19 }], 'baselineScores[0].instrument'],
    [
      'a PHQ-9 above 27 (§5)',
      [
        { instrument: 'gad7', score: 21 },
        { instrument: 'phq9', score: 28 },
      ],
      'baselineScores[1].score',
    ],
    [
      'a pain NRS above 10 (§5)',
      [{ instrument: 'pain_nrs', score: 11 }],
      'baselineScores[0].score',
    ],
    ['a fractional total', [{ instrument: 'madrs', score: 20.5 }], 'baselineScores[0].score'],
  ])('should refuse %s among baseline scores (400 naming the field)', async (_n, scores, field) => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const response = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send(cleanScreening({ baselineScores: scores }));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  it('should refuse an unknown medication class (400)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const response = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send(cleanScreening({ currentMedications: [{ name: 'x', drugClass: 'ssri' }] }));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'currentMedications[0].drugClass', message: expect.any(String) },
    ]);
  });

  it('should find a patient under the clinic minimum age ineligible (§2.2 age)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token, {
      dateOfBirth: `${new Date().getUTCFullYear() - 16}-01-01`,
    });
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    expect(screening.decision).toBe('ineligible');
    expect(screening.reasons).toEqual([
      expect.objectContaining({
        code: 'UNDER_MINIMUM_AGE',
        rule: 'minimum-age',
        severity: 'exclusion',
      }),
    ]);
  });

  it('should use the clinic settings for thresholds (§2.3 alternative 160/100)', async () => {
    const clinic = await newClinicWorld(app, root);
    const patch = await app
      .http()
      .patch(`/api/v1/clinics/${clinic.clinicId}/settings`)
      .set(auth(clinic.staff.admin.token))
      .send({ preDoseHoldSystolic: 160, preDoseHoldDiastolic: 100 });
    expect(patch.status).toBe(200);
    const patient = await newPatient(app, clinic.staff.clinician.token);
    const screening = await newScreening(app, clinic.staff.clinician.token, patient.id, {
      systolicBp: 150,
      diastolicBp: 95,
    });
    expect(screening.decision).toBe('eligible');
  });

  it('should answer 400 with field errors for invalid input', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const response = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send(cleanScreening({ systolicBp: 20, indications: ['astrology'], pregnant: 'no' }));
    expect(response.status).toBe(400);
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['systolicBp', 'pregnant']));
    expect(fields.some((f) => f.startsWith('indications'))).toBe(true);
    const listed = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send(cleanScreening({ primaryIndication: 'ocd' }));
    expect(listed.status).toBe(400);
    expect(listed.body.code).toBe('PRIMARY_INDICATION_NOT_LISTED');
    expect(listed.body.errors).toEqual([
      { field: 'primaryIndication', message: expect.any(String) },
    ]);
    const count = await app.db.query(
      'SELECT count(*)::int AS n FROM screenings WHERE patient_id = $1',
      [patient.id],
    );
    expect(count.rows[0].n).toBe(0);
  });

  it('should refuse a screening dated in the future (400)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const response = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send(cleanScreening({ screenedAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'screenedAt', message: expect.any(String) }]);
  });

  it('should let a clinician sign with a rationale and record who and when', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    const signed = await signScreening(app, world.staff.clinician.token, patient.id, screening.id, {
      rationale: 'Meets TRD criteria',
    });
    expect(signed).toMatchObject({
      decision: 'eligible',
      signedBy: world.staff.clinician.id,
      signRationale: 'Meets TRD criteria',
      overridden: false,
      permitsTreatment: true,
    });
    // screeningValidityDays (default 90) counts from when the facts were taken
    expect(Date.parse(signed.validUntil as string) - Date.parse(signed.screenedAt as string)).toBe(
      90 * 86_400_000,
    );
    const again = await app
      .http()
      .post(url(patient.id, `/${screening.id}/sign`))
      .set(auth(world.staff.clinician.token))
      .send({ rationale: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SCREENING_ALREADY_SIGNED');
    const audit = await app.db.query(
      `SELECT action_name, details FROM audit_events WHERE resource_id = $1 AND action = 'action'`,
      [screening.id],
    );
    expect(audit.rows).toEqual([
      {
        action_name: 'sign',
        details: { patientId: patient.id, overridden: false },
      },
    ]);
  });

  it.each([
    ['without a rationale', {}],
    ['with a blank rationale', { rationale: '   ' }],
    ['overriding without a rationale', { override: true }],
  ])(
    'should refuse to sign %s (400 RATIONALE_REQUIRED) and leave it unsigned',
    async (_n, body) => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const screening = await newScreening(app, world.staff.clinician.token, patient.id, {
        thyroidStatus: 'hyperthyroid_untreated',
      });
      const response = await app
        .http()
        .post(url(patient.id, `/${screening.id}/sign`))
        .set(auth(world.staff.clinician.token))
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('RATIONALE_REQUIRED');
      expect(response.body.errors).toEqual([{ field: 'rationale', message: expect.any(String) }]);
      const row = await app.db.query(
        'SELECT signed_at, signed_by, sign_rationale FROM screenings WHERE id = $1',
        [screening.id],
      );
      expect(row.rows).toEqual([{ signed_at: null, signed_by: null, sign_rationale: null }]);
    },
  );

  it('should let exactly one of concurrent signatures win', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    const responses = await Promise.all(
      [1, 2, 3].map(() =>
        app
          .http()
          .post(url(patient.id, `/${screening.id}/sign`))
          .set(auth(world.staff.clinician.token))
          .send({ rationale: 'ok' }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const audit = await app.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE resource_id = $1 AND action_name = 'sign'`,
      [screening.id],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('should let a clinician override a relative contraindication only with a rationale', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id, {
      psychiatricHistory: {
        ...(cleanScreening().psychiatricHistory as object),
        bipolarDisorder: true,
      },
    });
    expect(screening.decision).toBe('needs_clinician_review');
    const noRationale = await app
      .http()
      .post(url(patient.id, `/${screening.id}/sign`))
      .set(auth(world.staff.clinician.token))
      .send({ override: true });
    expect(noRationale.status).toBe(400);
    expect(noRationale.body.code).toBe('RATIONALE_REQUIRED');
    expect(noRationale.body.errors).toEqual([{ field: 'rationale', message: expect.any(String) }]);
    const signed = await signScreening(app, world.staff.clinician.token, patient.id, screening.id, {
      override: true,
      rationale: 'Mood stabiliser started; psychiatrist agrees',
    });
    expect(signed).toMatchObject({
      decision: 'needs_clinician_review',
      overridden: true,
      permitsTreatment: true,
    });
    const row = await app.db.query(
      'SELECT overridden, sign_rationale FROM screenings WHERE id = $1',
      [screening.id],
    );
    expect(row.rows).toEqual([
      { overridden: true, sign_rationale: 'Mood stabiliser started; psychiatrist agrees' },
    ]);
  });

  it('should refuse to override an absolute contraindication or an exclusion (422 listing them)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id, {
      ketamineHypersensitivity: true,
      pregnant: true,
      thyroidStatus: 'hyperthyroid_untreated',
    });
    const response = await app
      .http()
      .post(url(patient.id, `/${screening.id}/sign`))
      .set(auth(world.staff.clinician.token))
      .send({ override: true, rationale: 'please' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('OVERRIDE_NOT_ALLOWED');
    expect(response.body.failedChecks).toEqual([
      { check: 'KETAMINE_HYPERSENSITIVITY', message: expect.any(String), overridable: false },
      { check: 'PREGNANCY', message: expect.any(String), overridable: false },
    ]);
    const row = await app.db.query('SELECT signed_at FROM screenings WHERE id = $1', [
      screening.id,
    ]);
    expect(row.rows[0].signed_at).toBeNull();
    // Signing the ineligible decision as it is stays possible, and does not permit treatment.
    const signed = await signScreening(app, world.staff.clinician.token, patient.id, screening.id, {
      rationale: 'Not a candidate',
    });
    expect(signed).toMatchObject({
      decision: 'ineligible',
      overridden: false,
      permitsTreatment: false,
    });
  });

  it('should answer 409 when overriding a screening that has nothing to override', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    const response = await app
      .http()
      .post(url(patient.id, `/${screening.id}/sign`))
      .set(auth(world.staff.clinician.token))
      .send({ override: true, rationale: 'x' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('NOTHING_TO_OVERRIDE');
  });

  it('should list newest first with paging and get one', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const first = await newScreening(app, world.staff.clinician.token, patient.id);
    const second = await newScreening(app, world.staff.clinician.token, patient.id, {
      pregnant: true,
    });
    const page1 = await app
      .http()
      .get(`${url(patient.id)}?limit=1`)
      .set(auth(world.staff.nurse.token));
    expect(page1.status).toBe(200);
    expect((page1.body.data as { id: string }[]).map((s) => s.id)).toEqual([second.id]);
    const page2 = await app
      .http()
      .get(`${url(patient.id)}?limit=1&cursor=${page1.body.nextCursor}`)
      .set(auth(world.staff.nurse.token));
    expect(page2.body).toEqual({
      data: [expect.objectContaining({ id: first.id })],
      nextCursor: null,
    });
    const got = await app
      .http()
      .get(url(patient.id, `/${first.id}`))
      .set(auth(world.staff.admin.token));
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(first.id);
  });

  it('should enforce roles: clinicians record and sign, nurses and admins read, front desk nothing', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    for (const role of ['nurse', 'front_desk', 'admin'] as const) {
      const token = world.staff[role].token;
      expect(
        (await app.http().post(url(patient.id)).set(auth(token)).send(cleanScreening())).status,
      ).toBe(403);
      expect(
        (
          await app
            .http()
            .post(url(patient.id, `/${screening.id}/sign`))
            .set(auth(token))
            .send({})
        ).status,
      ).toBe(403);
    }
    expect(
      (await app.http().get(url(patient.id)).set(auth(world.staff.front_desk.token))).status,
    ).toBe(403);
    expect(
      (
        await app
          .http()
          .get(url(patient.id, `/${screening.id}`))
          .set(auth(world.staff.front_desk.token))
      ).status,
    ).toBe(403);
  });

  it('should hide another clinic’s patients and screenings (404)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    const token = other.staff.clinician.token;
    const responses = await Promise.all([
      app.http().post(url(patient.id)).set(auth(token)).send(cleanScreening()),
      app.http().get(url(patient.id)).set(auth(token)),
      app
        .http()
        .get(url(patient.id, `/${screening.id}`))
        .set(auth(token)),
      app
        .http()
        .post(url(patient.id, `/${screening.id}/sign`))
        .set(auth(token))
        .send({ rationale: 'r' }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    // A screening id under another patient of the same clinic is not found either.
    const otherPatient = await newPatient(app, world.staff.clinician.token);
    const mismatched = await app
      .http()
      .get(url(otherPatient.id, `/${screening.id}`))
      .set(auth(world.staff.clinician.token));
    expect(mismatched.status).toBe(404);
    expect(mismatched.body.code).toBe('SCREENING_NOT_FOUND');
  });

  it('should refuse to screen an archived patient (409)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    await app
      .http()
      .delete(`/api/v1/patients/${patient.id}`)
      .set(auth(world.staff.clinician.token));
    const response = await app
      .http()
      .post(url(patient.id))
      .set(auth(world.staff.clinician.token))
      .send(cleanScreening());
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('PATIENT_ARCHIVED');
  });
});
