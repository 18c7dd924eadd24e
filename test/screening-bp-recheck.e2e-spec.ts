import { QueryRunner } from 'typeorm';
import { ScreeningBpRecheck1763700520000 } from 'migrations/1763700520000-ScreeningBpRecheck';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
} from 'test/support/fixtures';
import { errorFields, expectProblem } from 'test/support/http-assertions';
import { newScreening, signScreening } from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

jest.setTimeout(60_000);

// ../shared/domain/ketamine-clinic.md §2.3: hold above 140/90; "Allow a re-check after 5 to 10 min
// of rest before holding". Clinic defaults: bpRecheckMinRestMinutes 5, bpRecheckMaxMinutes 30.
describe('screening blood-pressure re-check', () => {
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

  const MINUTE = 60_000;
  const url = (patientId: string, id: string) =>
    `/api/v1/patients/${patientId}/screenings/${id}/bp-recheck`;

  /** A screening whose first reading (default 150/95, above the 140/90 hold) was taken 50 min ago. */
  async function heldScreening(
    token = world.staff.clinician.token,
    bp: { systolicBp: number; diastolicBp: number } = { systolicBp: 150, diastolicBp: 95 },
  ) {
    const patient = await newPatient(app, token);
    const screenedAt = new Date(Date.now() - 50 * MINUTE);
    const screening = await newScreening(app, token, patient.id, {
      ...bp,
      screenedAt: screenedAt.toISOString(),
    });
    return { patientId: patient.id, screening, screenedAt };
  }

  const after = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MINUTE);

  const recheck = (
    patientId: string,
    id: string,
    body: Record<string, unknown>,
    token = world.staff.clinician.token,
  ) => app.http().post(url(patientId, id)).set(auth(token)).send(body);

  const row = async (id: string) =>
    (
      await app.db.query(
        `SELECT decision, version, systolic_bp, diastolic_bp, bp_recheck_systolic, bp_recheck_diastolic,
                bp_recheck_measured_at, bp_recheck_rested_minutes, bp_recheck_recorded_by
           FROM screenings WHERE id = $1`,
        [id],
      )
    ).rows[0] as Record<string, unknown>;

  const recheckAudits = async (id: string) =>
    (
      await app.db.query(
        `SELECT actor_id, clinic_id, details FROM audit_events
          WHERE resource_type = 'Screening' AND resource_id = $1 AND action_name = 'bp-recheck'`,
        [id],
      )
    ).rows as Record<string, unknown>[];

  const UNCHANGED_HELD = {
    decision: 'ineligible',
    version: 1,
    systolic_bp: 150,
    diastolic_bp: 95,
    bp_recheck_systolic: null,
    bp_recheck_diastolic: null,
    bp_recheck_measured_at: null,
    bp_recheck_rested_minutes: null,
    bp_recheck_recorded_by: null,
  };

  it('should hold a first reading of 150/95 and show it as the reading the decision used', async () => {
    const { screening, screenedAt } = await heldScreening();
    expect(screening).toMatchObject({
      decision: 'ineligible',
      reasons: [
        expect.objectContaining({
          code: 'UNCONTROLLED_HYPERTENSION',
          rule: 'blood-pressure-hold',
          message: expect.stringMatching(/re-check after rest/),
        }),
      ],
      systolicBp: 150,
      diastolicBp: 95,
      bloodPressure: { systolic: 150, diastolic: 95, measuredAt: screenedAt.toISOString() },
      bloodPressureRecheck: null,
      decisionBloodPressure: 'initial',
    });
  });

  it('should make a held screening eligible on a 132/84 re-check after 6 minutes, keep both readings and audit it', async () => {
    const { patientId, screening, screenedAt } = await heldScreening();
    const measuredAt = after(screenedAt, 6);
    const response = await recheck(patientId, screening.id, {
      systolic: 132,
      diastolic: 84,
      measuredAt: measuredAt.toISOString(),
      restedMinutes: 6,
    });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body).toMatchObject({
      id: screening.id,
      decision: 'eligible',
      reasons: [],
      systolicBp: 150,
      diastolicBp: 95,
      bloodPressure: { systolic: 150, diastolic: 95, measuredAt: screenedAt.toISOString() },
      bloodPressureRecheck: {
        systolic: 132,
        diastolic: 84,
        measuredAt: measuredAt.toISOString(),
        restedMinutes: 6,
        recordedBy: world.staff.clinician.id,
        recordedAt: expect.any(String),
      },
      decisionBloodPressure: 'recheck',
      signedAt: null,
      version: 2,
    });
    expect(await row(screening.id)).toEqual({
      decision: 'eligible',
      version: 2,
      systolic_bp: 150,
      diastolic_bp: 95,
      bp_recheck_systolic: 132,
      bp_recheck_diastolic: 84,
      bp_recheck_measured_at: measuredAt,
      bp_recheck_rested_minutes: 6,
      bp_recheck_recorded_by: world.staff.clinician.id,
    });
    // Field names only: neither the readings nor the decision reach the audit trail.
    expect(await recheckAudits(screening.id)).toEqual([
      {
        actor_id: world.staff.clinician.id,
        clinic_id: world.clinicId,
        details: { patientId, fields: ['systolic', 'diastolic', 'measuredAt', 'restedMinutes'] },
      },
    ]);
    const got = await app
      .http()
      .get(`/api/v1/patients/${patientId}/screenings/${screening.id}`)
      .set(auth(world.staff.nurse.token));
    expect(got.body).toMatchObject({
      decision: 'eligible',
      bloodPressureRecheck: { systolic: 132, diastolic: 84 },
      decisionBloodPressure: 'recheck',
    });
    // The re-checked decision is the one a clinician signs.
    const signed = await signScreening(app, world.staff.clinician.token, patientId, screening.id);
    expect(signed).toMatchObject({ decision: 'eligible', permitsTreatment: true });
  });

  it('should keep the hold when the re-check is still high (148/92)', async () => {
    const { patientId, screening, screenedAt } = await heldScreening();
    const response = await recheck(patientId, screening.id, {
      systolic: 148,
      diastolic: 92,
      measuredAt: after(screenedAt, 8).toISOString(),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      decision: 'ineligible',
      reasons: [
        expect.objectContaining({
          code: 'UNCONTROLLED_HYPERTENSION',
          message: expect.stringMatching(/still above .* at the re-check after rest/),
        }),
      ],
      bloodPressure: { systolic: 150, diastolic: 95 },
      bloodPressureRecheck: { systolic: 148, diastolic: 92, restedMinutes: null },
      decisionBloodPressure: 'recheck',
    });
  });

  it('should refuse a re-check 2 minutes after the first reading (422) and change nothing', async () => {
    const { patientId, screening, screenedAt } = await heldScreening();
    const response = await recheck(patientId, screening.id, {
      systolic: 132,
      diastolic: 84,
      measuredAt: after(screenedAt, 2).toISOString(),
    });
    expectProblem(response, 422, 'BP_RECHECK_NOT_ALLOWED');
    expect(response.body.failedChecks).toEqual([
      { check: 'RECHECK_TOO_SOON', message: expect.stringMatching(/2 min/), overridable: false },
    ]);
    expect(await row(screening.id)).toEqual(UNCHANGED_HELD);
    expect(await recheckAudits(screening.id)).toEqual([]);
  });

  it.each([
    ['45 minutes after the first reading (not the same visit)', 45, {}, ['RECHECK_TOO_LATE']],
    ['before the first reading', -1, {}, ['RECHECK_NOT_AFTER_FIRST_READING']],
    ['after a stated rest of 3 minutes', 8, { restedMinutes: 3 }, ['REST_TOO_SHORT']],
    [
      'with a rest longer than the time between the readings',
      8,
      { restedMinutes: 15 },
      ['REST_LONGER_THAN_INTERVAL'],
    ],
  ])('should refuse a re-check %s (422)', async (_name, minutes, extra, checks) => {
    const { patientId, screening, screenedAt } = await heldScreening();
    const response = await recheck(patientId, screening.id, {
      systolic: 132,
      diastolic: 84,
      measuredAt: after(screenedAt, minutes).toISOString(),
      ...extra,
    });
    expectProblem(response, 422, 'BP_RECHECK_NOT_ALLOWED');
    expect((response.body.failedChecks as { check: string }[]).map((c) => c.check)).toEqual(checks);
    expect(await row(screening.id)).toEqual(UNCHANGED_HELD);
  });

  it('should refuse a re-check when the first reading was not above the hold (422)', async () => {
    const { patientId, screening, screenedAt } = await heldScreening(undefined, {
      systolicBp: 124,
      diastolicBp: 80,
    });
    expect(screening.decision).toBe('eligible');
    const response = await recheck(patientId, screening.id, {
      systolic: 150,
      diastolic: 95,
      measuredAt: after(screenedAt, 6).toISOString(),
    });
    expectProblem(response, 422, 'BP_RECHECK_NOT_ALLOWED');
    expect(response.body.failedChecks).toEqual([
      {
        check: 'FIRST_READING_NOT_HELD',
        message: expect.stringMatching(/140\/90/),
        overridable: false,
      },
    ]);
    expect(await row(screening.id)).toMatchObject({
      decision: 'eligible',
      version: 1,
      bp_recheck_systolic: null,
    });
  });

  it('should refuse a re-check of a signed screening (409), which the database also refuses', async () => {
    const { patientId, screening, screenedAt } = await heldScreening();
    await signScreening(app, world.staff.clinician.token, patientId, screening.id, {
      rationale: 'Held for blood pressure',
    });
    const response = await recheck(patientId, screening.id, {
      systolic: 132,
      diastolic: 84,
      measuredAt: after(screenedAt, 6).toISOString(),
    });
    expectProblem(response, 409, 'SCREENING_ALREADY_SIGNED');
    expect(await row(screening.id)).toMatchObject({
      decision: 'ineligible',
      bp_recheck_systolic: null,
    });
    await expect(
      app.db.query(
        `UPDATE screenings SET bp_recheck_systolic = 132, bp_recheck_diastolic = 84,
           bp_recheck_measured_at = screened_at + interval '6 minutes', bp_recheck_recorded_by = recorded_by,
           bp_recheck_recorded_at = now() WHERE id = $1`,
        [screening.id],
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('should take one re-check per screening: a second answers 409, concurrent ones let one win', async () => {
    const { patientId, screening, screenedAt } = await heldScreening();
    const body = (minutes: number) => ({
      systolic: 132,
      diastolic: 84,
      measuredAt: after(screenedAt, minutes).toISOString(),
    });
    const responses = await Promise.all(
      [6, 7, 8].map((m) => recheck(patientId, screening.id, body(m))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expectProblem(refused, 409, 'BP_RECHECK_ALREADY_RECORDED');
    }
    expect(await recheckAudits(screening.id)).toHaveLength(1);
    expect((await row(screening.id)).version).toBe(2);
  });

  it('should hide another clinic’s screening and a screening under another patient (404)', async () => {
    const { patientId, screening, screenedAt } = await heldScreening();
    const body = { systolic: 132, diastolic: 84, measuredAt: after(screenedAt, 6).toISOString() };
    expectProblem(
      await recheck(patientId, screening.id, body, other.staff.clinician.token),
      404,
      'PATIENT_NOT_FOUND',
    );
    const otherPatient = await newPatient(app, world.staff.clinician.token);
    expectProblem(await recheck(otherPatient.id, screening.id, body), 404, 'SCREENING_NOT_FOUND');
    expect(await row(screening.id)).toEqual(UNCHANGED_HELD);
  });

  it('should answer 400 naming the fields for a bad body, a future time or an unknown field', async () => {
    const { patientId, screening, screenedAt } = await heldScreening();
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ['diastolic', 'measuredAt', 'systolic']],
      [
        { systolic: 'high', diastolic: 84.5, measuredAt: 'yesterday' },
        ['diastolic', 'measuredAt', 'systolic'],
      ],
      [
        { systolic: 20, diastolic: 84, measuredAt: after(screenedAt, 6).toISOString() },
        ['systolic'],
      ],
      [
        {
          systolic: 132,
          diastolic: 84,
          measuredAt: new Date(Date.now() + 60 * MINUTE).toISOString(),
        },
        ['measuredAt'],
      ],
      [
        {
          systolic: 132,
          diastolic: 84,
          measuredAt: after(screenedAt, 6).toISOString(),
          restedMinutes: -1,
        },
        ['restedMinutes'],
      ],
      [
        {
          systolic: 132,
          diastolic: 84,
          measuredAt: after(screenedAt, 6).toISOString(),
          heartRate: 70,
        },
        ['heartRate'],
      ],
    ];
    for (const [body, fields] of cases) {
      const response = await recheck(patientId, screening.id, body);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(errorFields(response).sort()).toEqual(fields);
    }
    const malformed = await app
      .http()
      .post(url(patientId, screening.id))
      .set(auth(world.staff.clinician.token))
      .set('Content-Type', 'application/json')
      .send('{"systolic": 132,');
    expectProblem(malformed, 400);
    expect(await row(screening.id)).toEqual(UNCHANGED_HELD);
  });

  it('should let clinicians and nurses record a re-check, not admins or front desk', async () => {
    for (const role of ['admin', 'front_desk'] as const) {
      const { patientId, screening, screenedAt } = await heldScreening();
      const response = await recheck(
        patientId,
        screening.id,
        { systolic: 132, diastolic: 84, measuredAt: after(screenedAt, 6).toISOString() },
        world.staff[role].token,
      );
      expectProblem(response, 403, 'FORBIDDEN');
    }
    const { patientId, screening, screenedAt } = await heldScreening();
    const byNurse = await recheck(
      patientId,
      screening.id,
      { systolic: 132, diastolic: 84, measuredAt: after(screenedAt, 6).toISOString() },
      world.staff.nurse.token,
    );
    expect(byNurse.status).toBe(200);
    expect(byNurse.body.bloodPressureRecheck.recordedBy).toBe(world.staff.nurse.id);
  });

  it('should use the clinic’s re-check window and refuse a contradictory one', async () => {
    const clinic = await newClinicWorld(app, root);
    const settings = `/api/v1/clinics/${clinic.clinicId}/settings`;
    const defaults = await app.http().get(settings).set(auth(clinic.staff.admin.token));
    expect(defaults.body).toMatchObject({ bpRecheckMinRestMinutes: 5, bpRecheckMaxMinutes: 30 });
    const inverted = await app
      .http()
      .patch(settings)
      .set(auth(clinic.staff.admin.token))
      .send({ bpRecheckMinRestMinutes: 20, bpRecheckMaxMinutes: 15 });
    expectProblem(inverted, 400, 'VALIDATION_FAILED');
    expect(errorFields(inverted)).toEqual(['bpRecheckMinRestMinutes']);
    const patched = await app
      .http()
      .patch(settings)
      .set(auth(clinic.staff.admin.token))
      .send({ bpRecheckMinRestMinutes: 10 });
    expect(patched.status).toBe(200);
    const { patientId, screening, screenedAt } = await heldScreening(clinic.staff.clinician.token);
    const body = (minutes: number) => ({
      systolic: 132,
      diastolic: 84,
      measuredAt: after(screenedAt, minutes).toISOString(),
    });
    const early = await recheck(patientId, screening.id, body(6), clinic.staff.clinician.token);
    expectProblem(early, 422, 'BP_RECHECK_NOT_ALLOWED');
    expect(early.body.failedChecks[0].message).toMatch(/at least 10 min/);
    const rested = await recheck(patientId, screening.id, body(10), clinic.staff.clinician.token);
    expect(rested.status).toBe(200);
    expect(rested.body.decision).toBe('eligible');
  });

  it('should document the route with its body, response, roles and errors', async () => {
    const doc = (await app.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const op = doc.paths['/api/v1/patients/{patientId}/screenings/{screeningId}/bp-recheck']
      ?.post as {
      operationId: string;
      summary: string;
      description: string;
      requestBody: unknown;
      responses: Record<
        string,
        { content?: Record<string, { example?: Record<string, unknown> }> }
      >;
    };
    expect(op).toMatchObject({
      operationId: 'recheckScreeningBloodPressure',
      summary: expect.any(String),
      description: expect.stringMatching(/§2\.3/),
    });
    expect(Object.keys(op.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '422', '503'].sort(),
    );
    expect(op.responses['422']?.content?.['application/problem+json']?.example).toMatchObject({
      code: 'BP_RECHECK_NOT_ALLOWED',
      failedChecks: [expect.objectContaining({ check: 'RECHECK_TOO_SOON' })],
    });
    expect(op.responses['409']?.content?.['application/problem+json']?.example).toMatchObject({
      code: 'BP_RECHECK_ALREADY_RECORDED',
    });
    expect(
      Object.keys(doc.components.schemas.RecheckScreeningBloodPressureDto?.properties ?? {}),
    ).toEqual(['systolic', 'diastolic', 'measuredAt', 'restedMinutes']);
    expect(doc.components.schemas.ScreeningResponseDto?.properties).toMatchObject({
      bloodPressure: expect.anything(),
      bloodPressureRecheck: expect.anything(),
      decisionBloodPressure: expect.anything(),
    });
  });

  it('should undo the re-check columns and build them again (migration down and up)', async () => {
    const client = await app.db.connect();
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      const columns = async () =>
        (
          await client.query(
            `SELECT column_name FROM information_schema.columns
              WHERE table_name = 'screenings' AND column_name LIKE 'bp_recheck_%' ORDER BY column_name`,
          )
        ).rows.map((r: { column_name: string }) => r.column_name);
      const migrated = [
        'bp_recheck_diastolic',
        'bp_recheck_measured_at',
        'bp_recheck_recorded_at',
        'bp_recheck_recorded_by',
        'bp_recheck_rested_minutes',
        'bp_recheck_systolic',
      ];
      expect(await columns()).toEqual(migrated);
      await client.query('BEGIN');
      await new ScreeningBpRecheck1763700520000().down(runner);
      expect(await columns()).toEqual([]);
      await new ScreeningBpRecheck1763700520000().up(runner);
      await client.query('COMMIT');
      expect(await columns()).toEqual(migrated);
    } finally {
      client.release();
    }
  });
});
