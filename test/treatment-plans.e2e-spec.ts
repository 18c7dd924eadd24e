import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
} from 'test/support/fixtures';
import {
  newActivePlan,
  newDraftPlan,
  newEligiblePatientScreening,
  planBody,
} from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

jest.setTimeout(60_000);

type Plan = Record<string, unknown> & { id: string; version: number };

// Plans: protocol §1.1, induction §1.2, maintenance §1.3 of ../shared/domain/ketamine-clinic.md.
describe('treatment plans: create, read, amend, roles and isolation', () => {
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

  const plans = '/api/v1/treatment-plans';

  it('should draft a plan with the clinic’s induction defaults, version 1 and a history entry', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const body = planBody(patient.id);
    delete body.induction;
    const response = await app.http().post(plans).set(auth(world.staff.clinician.token)).send(body);
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`${plans}/${response.body.id}`);
    expect(response.headers.etag).toBe(`"${response.body.version}"`);
    expect(response.body).toMatchObject({
      view: 'full',
      status: 'draft',
      currentPhase: null,
      patientId: patient.id,
      prescriberId: world.staff.clinician.id,
      indication: 'treatment_resistant_depression',
      amendmentNumber: 1,
      protocol: {
        drug: 'ketamine',
        route: 'IV',
        doseMgPerKg: 0.5,
        infusionMinutes: 40,
        ceilingMgPerKg: 0.75,
        weightBasis: 'actual',
        titrationStepsMgPerKg: [0.6, 0.75],
      },
      // clinic defaults (§1.2: 6 infusions, 21-day window, ≥ 24 h apart)
      induction: { plannedInfusions: 6, windowDays: 21, minHoursBetweenInfusions: 24 },
      maintenance: { asNeeded: false, intervalDays: 28, plannedInfusions: null },
      adjunctCare: [{ kind: 'integration_session', frequency: 'after each infusion' }],
      goals: ['PHQ-9 below 10 by the end of induction'],
      progress: expect.objectContaining({ infusionsCompleted: 0, infusionsPlanned: 6 }),
      needsClinicalReview: false,
    });
    const versions = await app.db.query(
      'SELECT amendment_number, dose_mg_per_kg::float AS dose, author_id FROM treatment_plan_versions WHERE plan_id = $1',
      [response.body.id],
    );
    expect(versions.rows).toEqual([
      { amendment_number: 1, dose: 0.5, author_id: world.staff.clinician.id },
    ]);
    const events = await app.db.query(
      'SELECT event, to_status, actor_id FROM treatment_plan_events WHERE plan_id = $1',
      [response.body.id],
    );
    expect(events.rows).toEqual([
      { event: 'created', to_status: 'draft', actor_id: world.staff.clinician.id },
    ]);
    const audit = await app.db.query(
      `SELECT action, details FROM audit_events WHERE resource_type = 'TreatmentPlan' AND resource_id = $1`,
      [response.body.id],
    );
    expect(audit.rows).toEqual([{ action: 'create', details: { patientId: patient.id } }]);
  });

  it.each([
    [
      'dose above the ceiling (§1.1)',
      { doseMgPerKg: 0.8, ceilingMgPerKg: 0.75 },
      ['DOSE_EXCEEDS_CEILING'],
    ],
    [
      'ceiling above the clinic maximum 1.0 (§1.1)',
      { doseMgPerKg: 0.5, ceilingMgPerKg: 1.2, titrationStepsMgPerKg: [] },
      ['CEILING_EXCEEDS_CLINIC_MAX'],
    ],
    [
      'both',
      { doseMgPerKg: 1.5, ceilingMgPerKg: 1.2, titrationStepsMgPerKg: [] },
      ['DOSE_EXCEEDS_CEILING', 'CEILING_EXCEEDS_CLINIC_MAX'],
    ],
    [
      'titration above the ceiling',
      { titrationStepsMgPerKg: [0.6, 0.9] },
      ['TITRATION_EXCEEDS_CEILING'],
    ],
  ])(
    'should refuse a plan with %s (422 listing each failed check)',
    async (_name, protocol, checks) => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const body = planBody(patient.id);
      body.protocol = { ...(body.protocol as object), ...protocol };
      const response = await app
        .http()
        .post(plans)
        .set(auth(world.staff.clinician.token))
        .send(body);
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('DOSE_LIMIT_EXCEEDED');
      expect((response.body.failedChecks as { check: string }[]).map((c) => c.check)).toEqual(
        checks,
      );
      const count = await app.db.query(
        'SELECT count(*)::int AS n FROM treatment_plans WHERE patient_id = $1',
        [patient.id],
      );
      expect(count.rows[0].n).toBe(0);
    },
  );

  it('should follow the clinic’s maxDoseMgPerKg setting', async () => {
    const clinic = await newClinicWorld(app, root);
    await app
      .http()
      .patch(`/api/v1/clinics/${clinic.clinicId}/settings`)
      .set(auth(clinic.staff.admin.token))
      .send({ maxDoseMgPerKg: 1.5 });
    const patient = await newPatient(app, clinic.staff.clinician.token);
    const body = planBody(patient.id);
    body.protocol = { ...(body.protocol as object), ceilingMgPerKg: 1.2 };
    const response = await app
      .http()
      .post(plans)
      .set(auth(clinic.staff.clinician.token))
      .send(body);
    expect(response.status).toBe(201);
  });

  it.each<[string, object, string[]]>([
    [
      'infusions closer than the clinic’s minHoursBetweenInfusions (default 24 h, §1.2)',
      { plannedInfusions: 6, windowDays: 21, minHoursBetweenInfusions: 12 },
      ['SPACING_BELOW_CLINIC_MINIMUM'],
    ],
    [
      'no spacing at all',
      { plannedInfusions: 6, windowDays: 21, minHoursBetweenInfusions: 0 },
      ['SPACING_BELOW_CLINIC_MINIMUM'],
    ],
    [
      'a series that cannot fit its window: 6 infusions 72 h apart in 14 days',
      { plannedInfusions: 6, windowDays: 14, minHoursBetweenInfusions: 72 },
      ['INDUCTION_DOES_NOT_FIT_WINDOW'],
    ],
  ])('should refuse %s (422) and store nothing', async (_name, induction, checks) => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const response = await app
      .http()
      .post(plans)
      .set(auth(world.staff.clinician.token))
      .send(planBody(patient.id, { induction }));
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('INDUCTION_SCHEDULE_REFUSED');
    expect(response.body.failedChecks).toEqual(
      checks.map((check) => ({ check, message: expect.any(String), overridable: false })),
    );
    const rows = await app.db.query(
      'SELECT count(*)::int AS n FROM treatment_plans WHERE patient_id = $1',
      [patient.id],
    );
    expect(rows.rows[0].n).toBe(0);
  });

  it('should check spacing against the clinic setting on amendment and at activation', async () => {
    const clinic = await newClinicWorld(app, root);
    const token = clinic.staff.clinician.token;
    const patient = await newPatient(app, token);
    const plan = await newDraftPlan(app, token, patient.id); // 24 h apart
    const amend = (induction: object) =>
      app
        .http()
        .post(`${plans}/${plan.id}/amendments`)
        .set(auth(token))
        .send({ reason: 'Closer spacing', induction });
    const closer = await amend({ minHoursBetweenInfusions: 6 });
    expect(closer.status).toBe(422);
    expect(closer.body.code).toBe('INDUCTION_SCHEDULE_REFUSED');
    // The clinic later raises its minimum to 48 h: the draft can no longer be activated as it is.
    await app
      .http()
      .patch(`/api/v1/clinics/${clinic.clinicId}/settings`)
      .set(auth(clinic.staff.admin.token))
      .send({ minHoursBetweenInfusions: 48 });
    await newEligiblePatientScreening(app, clinic, patient.id);
    const refused = await app.http().post(`${plans}/${plan.id}/activate`).set(auth(token));
    expect(refused.status).toBe(422);
    expect(refused.body.failedChecks).toEqual([
      { check: 'SPACING_BELOW_CLINIC_MINIMUM', message: expect.any(String), overridable: false },
    ]);
    expect((await amend({ minHoursBetweenInfusions: 48 })).status).toBe(201);
    expect((await app.http().post(`${plans}/${plan.id}/activate`).set(auth(token))).status).toBe(
      200,
    );
  });

  it('should answer 400 for invalid input, a prescriber who is not a clinician and a schedule-less maintenance', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const invalid = await app
      .http()
      .post(plans)
      .set(auth(world.staff.clinician.token))
      .send({ ...planBody(patient.id), indication: 'headache', protocol: { doseMgPerKg: -1 } });
    expect(invalid.status).toBe(400);
    const fields = (invalid.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['indication']));
    expect(fields.some((f) => f.startsWith('protocol'))).toBe(true);
    const nurse = await app
      .http()
      .post(plans)
      .set(auth(world.staff.clinician.token))
      .send(planBody(patient.id, { prescriberId: world.staff.nurse.id }));
    expect(nurse.status).toBe(400);
    expect(nurse.body.code).toBe('PRESCRIBER_NOT_CLINICIAN');
    const foreign = await app
      .http()
      .post(plans)
      .set(auth(world.staff.clinician.token))
      .send(planBody(patient.id, { prescriberId: other.staff.clinician.id }));
    expect(foreign.status).toBe(400);
    const noSchedule = await app
      .http()
      .post(plans)
      .set(auth(world.staff.clinician.token))
      .send(planBody(patient.id, { maintenance: { asNeeded: false } }));
    expect(noSchedule.status).toBe(400);
    expect(noSchedule.body.code).toBe('INVALID_MAINTENANCE_SCHEDULE');
    const asNeeded = await app
      .http()
      .post(plans)
      .set(auth(world.staff.clinician.token))
      .send(planBody(patient.id, { maintenance: { asNeeded: true } }));
    expect(asNeeded.status).toBe(201);
    expect(asNeeded.body.maintenance).toEqual({
      asNeeded: true,
      intervalDays: null,
      plannedInfusions: null,
    });
  });

  it('should let a clinician name another clinician of the clinic as prescriber', async () => {
    const colleague = await newStaff(app, root, 'clinician', [world.clinicId]);
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id, {
      prescriberId: colleague.id,
    });
    expect(plan.prescriberId).toBe(colleague.id);
  });

  it('should keep every version readable when the terms are amended', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newActivePlan(app, world, patient.id);
    const amended = await app
      .http()
      .post(`${plans}/${plan.id}/amendments`)
      .set(auth(world.staff.clinician.token))
      .set('If-Match', `"${plan.version}"`)
      .send({ reason: 'No response after infusion 3', protocol: { doseMgPerKg: 0.75 } });
    expect(amended.status).toBe(201);
    expect(amended.body).toMatchObject({
      amendmentNumber: 2,
      status: 'active',
      protocol: expect.objectContaining({
        doseMgPerKg: 0.75,
        ceilingMgPerKg: 0.75,
        infusionMinutes: 40,
      }),
    });
    const second = await app
      .http()
      .post(`${plans}/${plan.id}/amendments`)
      .set(auth(world.staff.clinician.token))
      .send({
        reason: 'Monthly boosters, 6 planned',
        maintenance: { intervalDays: 30, plannedInfusions: 6 },
      });
    expect(second.status).toBe(201);
    expect(second.body.maintenance).toEqual({
      asNeeded: false,
      intervalDays: 30,
      plannedInfusions: 6,
    });
    expect(second.body.protocol.doseMgPerKg).toBe(0.75);

    const versions = await app
      .http()
      .get(`${plans}/${plan.id}/versions`)
      .set(auth(world.staff.nurse.token));
    expect(versions.status).toBe(200);
    const data = versions.body.data as {
      amendmentNumber: number;
      protocol: { doseMgPerKg: number };
      maintenance: { intervalDays: number | null };
      reason: string | null;
      authorId: string;
    }[];
    expect(
      data.map((v) => [
        v.amendmentNumber,
        v.protocol.doseMgPerKg,
        v.maintenance.intervalDays,
        v.reason,
      ]),
    ).toEqual([
      [1, 0.5, 28, null],
      [2, 0.75, 28, 'No response after infusion 3'],
      [3, 0.75, 30, 'Monthly boosters, 6 planned'],
    ]);
    expect(data.every((v) => v.authorId === world.staff.clinician.id)).toBe(true);
    const paged = await app
      .http()
      .get(`${plans}/${plan.id}/versions?limit=2`)
      .set(auth(world.staff.clinician.token));
    const rest = await app
      .http()
      .get(`${plans}/${plan.id}/versions?limit=2&cursor=${paged.body.nextCursor}`)
      .set(auth(world.staff.clinician.token));
    expect((rest.body.data as { amendmentNumber: number }[]).map((v) => v.amendmentNumber)).toEqual(
      [3],
    );
    const original = await app
      .http()
      .get(`${plans}/${plan.id}/versions/1`)
      .set(auth(world.staff.nurse.token));
    expect(original.status).toBe(200);
    expect(original.body).toMatchObject({ amendmentNumber: 1, protocol: { doseMgPerKg: 0.5 } });
    const missing = await app
      .http()
      .get(`${plans}/${plan.id}/versions/9`)
      .set(auth(world.staff.nurse.token));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PLAN_VERSION_NOT_FOUND');
    const frontDesk = await app
      .http()
      .get(`${plans}/${plan.id}/versions/1`)
      .set(auth(world.staff.front_desk.token));
    expect(frontDesk.status).toBe(403);
    // Versions are append-only in the database too.
    await expect(
      app.db.query('UPDATE treatment_plan_versions SET dose_mg_per_kg = 0.1 WHERE plan_id = $1', [
        plan.id,
      ]),
    ).rejects.toThrow(/append-only/);
    const audit = await app.db.query(
      `SELECT details FROM audit_events WHERE resource_id = $1 AND action = 'update' ORDER BY occurred_at`,
      [plan.id],
    );
    expect(audit.rows).toEqual([
      { details: { fields: ['protocol'], amendmentNumber: 2 } },
      { details: { fields: ['maintenance'], amendmentNumber: 3 } },
    ]);
  });

  it('should refuse amendments that break the dose limits (422), change nothing (400), are stale (412) or come too late (409)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
    const send = (body: object, ifMatch?: string) => {
      const req = app
        .http()
        .post(`${plans}/${plan.id}/amendments`)
        .set(auth(world.staff.clinician.token));
      return (ifMatch ? req.set('If-Match', ifMatch) : req).send(body);
    };
    const tooHigh = await send({ reason: 'r', protocol: { doseMgPerKg: 0.9 } });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.body.failedChecks).toEqual([
      { check: 'DOSE_EXCEEDS_CEILING', message: expect.any(String), overridable: false },
    ]);
    expect((await send({ reason: 'r' })).body.code).toBe('NOTHING_TO_AMEND');
    expect((await send({ protocol: { doseMgPerKg: 0.6 } })).status).toBe(400);
    const stale = await send({ reason: 'r', goals: ['x'] }, '"999"');
    expect(stale.status).toBe(412);
    const rows = await app.db.query(
      'SELECT count(*)::int AS n FROM treatment_plan_versions WHERE plan_id = $1',
      [plan.id],
    );
    expect(rows.rows[0].n).toBe(1);

    const active = await newActivePlan(
      app,
      world,
      (await newPatient(app, world.staff.clinician.token)).id,
    );
    await app
      .http()
      .post(`${plans}/${active.id}/discontinue`)
      .set(auth(world.staff.clinician.token))
      .send({ reason: 'Patient moved away' });
    const late = await app
      .http()
      .post(`${plans}/${active.id}/amendments`)
      .set(auth(world.staff.clinician.token))
      .send({ reason: 'r', goals: ['x'] });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('PLAN_CLOSED');
  });

  it('should serialise concurrent amendments into consecutive versions (never a 5xx)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
    const responses = await Promise.all(
      [40, 45, 50, 55].map((minutes) =>
        app
          .http()
          .post(`${plans}/${plan.id}/amendments`)
          .set(auth(world.staff.clinician.token))
          .send({ reason: `infusion over ${minutes} min`, protocol: { infusionMinutes: minutes } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const versions = await app.db.query(
      'SELECT amendment_number FROM treatment_plan_versions WHERE plan_id = $1 ORDER BY amendment_number',
      [plan.id],
    );
    expect(versions.rows.map((r: { amendment_number: number }) => r.amendment_number)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    const row = await app.db.query('SELECT amendment_number FROM treatment_plans WHERE id = $1', [
      plan.id,
    ]);
    expect(row.rows[0].amendment_number).toBe(5);
  });

  it('should show front desk the schedule view only, without clinical detail', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newActivePlan(app, world, patient.id);
    const got = await app.http().get(`${plans}/${plan.id}`).set(auth(world.staff.front_desk.token));
    expect(got.status).toBe(200);
    expect(got.body.view).toBe('schedule');
    expect(Object.keys(got.body).sort()).toEqual(
      [
        'activatedAt',
        'clinicId',
        'createdAt',
        'currentPhase',
        'endedAt',
        'id',
        'inductionCompletedAt',
        'inductionStartedAt',
        'maintenanceStartedAt',
        'patientId',
        'prescriberId',
        'progress',
        'status',
        'updatedAt',
        'version',
        'view',
      ].sort(),
    );
    const list = await app
      .http()
      .get(`${plans}?patientId=${patient.id}`)
      .set(auth(world.staff.front_desk.token));
    expect(list.body.data).toEqual([expect.not.objectContaining({ protocol: expect.anything() })]);
    const nurse = await app.http().get(`${plans}/${plan.id}`).set(auth(world.staff.nurse.token));
    expect(nurse.body.view).toBe('full');
    expect(nurse.body.protocol.doseMgPerKg).toBe(0.5);
    const audit = await app.db.query(
      `SELECT actor_role FROM audit_events WHERE resource_id = $1 AND action = 'read' ORDER BY occurred_at`,
      [plan.id],
    );
    expect(audit.rows).toEqual([{ actor_role: 'front_desk' }, { actor_role: 'nurse' }]);
  });

  it('should enforce roles: only clinicians create, amend and act; front desk cannot read versions or history', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
    for (const role of ['admin', 'nurse', 'front_desk'] as const) {
      const token = world.staff[role].token;
      const calls = [
        app.http().post(plans).set(auth(token)).send(planBody(patient.id)),
        app
          .http()
          .post(`${plans}/${plan.id}/amendments`)
          .set(auth(token))
          .send({ reason: 'r', goals: [] }),
        ...['activate', 'start-maintenance', 'resume', 'complete'].map((a) =>
          app.http().post(`${plans}/${plan.id}/${a}`).set(auth(token)).send({}),
        ),
        ...['hold', 'discontinue', 'clear-review'].map((a) =>
          app.http().post(`${plans}/${plan.id}/${a}`).set(auth(token)).send({ reason: 'r' }),
        ),
      ];
      expect((await Promise.all(calls)).map((r) => r.status)).toEqual(
        Array(calls.length).fill(403),
      );
    }
    for (const path of ['versions', 'history']) {
      const response = await app
        .http()
        .get(`${plans}/${plan.id}/${path}`)
        .set(auth(world.staff.front_desk.token));
      expect(response.status).toBe(403);
    }
    const row = await app.db.query(
      'SELECT status, amendment_number FROM treatment_plans WHERE id = $1',
      [plan.id],
    );
    expect(row.rows).toEqual([{ status: 'draft', amendment_number: 1 }]);
  });

  it('should hide another clinic’s plans (404) and never list them', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
    const token = other.staff.clinician.token;
    const calls = [
      app.http().post(plans).set(auth(token)).send(planBody(patient.id)),
      app.http().get(`${plans}/${plan.id}`).set(auth(token)),
      app.http().get(`${plans}/${plan.id}/versions`).set(auth(token)),
      app.http().get(`${plans}/${plan.id}/versions/1`).set(auth(token)),
      app.http().get(`${plans}/${plan.id}/history`).set(auth(token)),
      app
        .http()
        .post(`${plans}/${plan.id}/amendments`)
        .set(auth(token))
        .send({ reason: 'r', goals: [] }),
      ...['activate', 'start-maintenance', 'resume', 'complete'].map((a) =>
        app.http().post(`${plans}/${plan.id}/${a}`).set(auth(token)).send({}),
      ),
      ...['hold', 'discontinue', 'clear-review'].map((a) =>
        app.http().post(`${plans}/${plan.id}/${a}`).set(auth(token)).send({ reason: 'r' }),
      ),
    ];
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual(Array(calls.length).fill(404));
    const list = await app.http().get(`${plans}?patientId=${patient.id}`).set(auth(token));
    expect(list.body).toEqual({ data: [], nextCursor: null });
    const all = await app.http().get(plans).set(auth(token));
    expect(
      (all.body.data as { clinicId: string }[]).every((p) => p.clinicId === other.clinicId),
    ).toBe(true);
  });

  it('should list by patient and status with keyset paging', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const a = await newDraftPlan(app, world.staff.clinician.token, patient.id);
    const b = await newDraftPlan(app, world.staff.clinician.token, patient.id);
    const c = await newActivePlan(app, world, patient.id);
    const page1 = await app
      .http()
      .get(`${plans}?patientId=${patient.id}&limit=2`)
      .set(auth(world.staff.nurse.token));
    expect((page1.body.data as Plan[]).map((p) => p.id)).toEqual([a.id, b.id]);
    const page2 = await app
      .http()
      .get(`${plans}?patientId=${patient.id}&limit=2&cursor=${page1.body.nextCursor}`)
      .set(auth(world.staff.nurse.token));
    expect(page2.body).toEqual({ data: [expect.objectContaining({ id: c.id })], nextCursor: null });
    const active = await app
      .http()
      .get(`${plans}?patientId=${patient.id}&status=active`)
      .set(auth(world.staff.nurse.token));
    expect((active.body.data as Plan[]).map((p) => p.id)).toEqual([c.id]);
    const bad = await app.http().get(`${plans}?status=paused`).set(auth(world.staff.nurse.token));
    expect(bad.status).toBe(400);
    const audit = await app.db.query(
      `SELECT resource_ids, details FROM audit_events WHERE action = 'list' AND resource_type = 'TreatmentPlan' AND actor_id = $1 ORDER BY occurred_at`,
      [world.staff.nurse.id],
    );
    expect(audit.rows).toEqual([
      { resource_ids: [a.id, b.id], details: { filters: ['patientId'] } },
      { resource_ids: [c.id], details: { filters: ['patientId'] } },
      { resource_ids: [c.id], details: { filters: ['patientId', 'status'] } },
    ]);
  });
});
