import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
} from 'test/support/fixtures';
import { actorOf, callInApp } from 'test/support/in-app';
import {
  newActivePlan,
  newDraftPlan,
  newEligiblePatientScreening,
  newScreening,
  signScreening,
} from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

jest.setTimeout(120_000);

type Plan = Record<string, unknown> & { id: string; version: number; status: string };
interface PlanView {
  progress: Record<string, unknown>;
  needsClinicalReview?: boolean;
  inductionCompletedAt: string | null;
}
const DAY = 86_400_000;

// Lifecycle: draft → active (induction, §1.2) → maintenance (§1.3) → completed; on_hold / discontinued.
describe('treatment plan lifecycle, activation gates and progress', () => {
  let app: TestApp;
  let root: string;
  let world: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
  });
  afterAll(async () => {
    await app.stop();
  });

  const plans = '/api/v1/treatment-plans';
  const act = (
    id: string,
    action: string,
    body: object = {},
    token = world.staff.clinician.token,
  ) => app.http().post(`${plans}/${id}/${action}`).set(auth(token)).send(body);
  const statusOf = async (id: string) =>
    (await app.db.query('SELECT status FROM treatment_plans WHERE id = $1', [id])).rows[0]
      .status as string;

  /** A plan brought to `status` through the API. */
  async function planIn(status: string): Promise<Plan> {
    const patient = await newPatient(app, world.staff.clinician.token);
    if (status === 'draft') {
      return (await newDraftPlan(app, world.staff.clinician.token, patient.id)) as Plan;
    }
    const plan = (await newActivePlan(app, world, patient.id)) as Plan;
    const steps: Record<string, [string, object][]> = {
      active: [],
      maintenance: [['start-maintenance', { reason: 'Early responder' }]],
      on_hold: [['hold', { reason: 'Travelling' }]],
      completed: [['complete', { reason: 'Goals met early' }]],
      discontinued: [['discontinue', { reason: 'Side effects' }]],
    };
    let last: Plan = plan;
    for (const [action, body] of steps[status] ?? []) {
      const response = await act(plan.id, action, body);
      expect(response.status).toBe(200);
      last = response.body as Plan;
    }
    return last;
  }

  const LEGAL: [string, string, object, string][] = [
    ['draft', 'activate', {}, 'active'],
    ['active', 'start-maintenance', { reason: 'Early responder' }, 'maintenance'],
    ['active', 'hold', { reason: 'Travelling' }, 'on_hold'],
    ['maintenance', 'hold', { reason: 'Travelling' }, 'on_hold'],
    ['active', 'complete', { reason: 'Remitted after 3 infusions' }, 'completed'],
    ['maintenance', 'complete', { reason: 'Goals met' }, 'completed'],
    ['active', 'discontinue', { reason: 'Side effects' }, 'discontinued'],
    ['maintenance', 'discontinue', { reason: 'Side effects' }, 'discontinued'],
    ['on_hold', 'discontinue', { reason: 'Did not return' }, 'discontinued'],
  ];

  it.each(LEGAL)(
    'should move %s --%s--> %s with history and audit',
    async (from, action, body, to) => {
      const plan = await planIn(from);
      if (from === 'draft') {
        await newEligiblePatientScreening(app, world, plan.patientId as string);
      }
      const response = await act(plan.id, action, body);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe(to);
      expect(await statusOf(plan.id)).toBe(to);
      const events = await app.db.query(
        'SELECT from_status, to_status, actor_id, reason FROM treatment_plan_events WHERE plan_id = $1 ORDER BY occurred_at DESC, id LIMIT 1',
        [plan.id],
      );
      expect(events.rows).toEqual([
        {
          from_status: from,
          to_status: to,
          actor_id: world.staff.clinician.id,
          reason: (body as { reason?: string }).reason ?? null,
        },
      ]);
      const audit = await app.db.query(
        `SELECT action_name, details FROM audit_events WHERE resource_id = $1 AND action = 'action' ORDER BY occurred_at DESC LIMIT 1`,
        [plan.id],
      );
      expect(audit.rows).toEqual([{ action_name: action, details: { from, to } }]);
    },
  );

  it.each([
    ['active', 'induction'],
    ['maintenance', 'maintenance'],
  ])(
    'should resume a plan held from %s back to it, keeping its %s phase while held',
    async (from, phase) => {
      const plan = await planIn(from);
      expect((await act(plan.id, 'hold', { reason: 'Travelling' })).body).toMatchObject({
        status: 'on_hold',
        holdReason: 'Travelling',
        currentPhase: phase,
        progress: { phase },
      });
      const resumed = await act(plan.id, 'resume');
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ status: from, holdReason: null });
    },
  );

  const ACTIONS: [string, object][] = [
    ['activate', {}],
    ['start-maintenance', { reason: 'r' }],
    ['hold', { reason: 'r' }],
    ['resume', {}],
    ['complete', {}],
    ['discontinue', { reason: 'r' }],
  ];
  const legalFrom: Record<string, string[]> = {
    draft: ['activate'],
    active: ['start-maintenance', 'hold', 'complete', 'discontinue'],
    maintenance: ['hold', 'complete', 'discontinue'],
    on_hold: ['resume', 'discontinue'],
    completed: [],
    discontinued: [],
  };
  const ILLEGAL = Object.entries(legalFrom).flatMap(([status, legal]) =>
    ACTIONS.filter(([a]) => !legal.includes(a)).map(([a, body]) => [status, a, body] as const),
  );

  it.each(ILLEGAL)(
    'should answer 409 to %s --%s and change nothing',
    async (from, action, body) => {
      const plan = await planIn(from);
      const response = await act(plan.id, action, body);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('ILLEGAL_TRANSITION');
      expect(await statusOf(plan.id)).toBe(from);
    },
  );

  it('should require a reason to complete an active plan before its induction is done, as for early maintenance (§1.2)', async () => {
    const plan = await planIn('active');
    const early = await act(plan.id, 'complete', {});
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('INDUCTION_NOT_COMPLETE');
    expect(early.body.failedChecks).toEqual([
      { check: 'INDUCTION_COMPLETE', message: expect.stringMatching(/^0 of 6/), overridable: true },
    ]);
    expect(await statusOf(plan.id)).toBe('active');
    const done = await planIn('active');
    await callInApp(
      app,
      Array.from({ length: 6 }, (_, i) => ({
        call: 'recordInfusionCompleted',
        planId: done.id,
        sessionId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        completedAt: new Date(Date.now() - (6 - i) * DAY).toISOString(),
      })),
    );
    const completed = await act(done.id, 'complete', {});
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('completed');
  });

  it('should require a reason to hold or discontinue (400)', async () => {
    const plan = await planIn('active');
    for (const action of ['hold', 'discontinue']) {
      const response = await act(plan.id, action, {});
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    }
    expect(await statusOf(plan.id)).toBe('active');
  });

  it('should answer 412 to an action with a stale If-Match', async () => {
    const plan = await planIn('active');
    const response = await app
      .http()
      .post(`${plans}/${plan.id}/hold`)
      .set(auth(world.staff.clinician.token))
      .set('If-Match', `"${plan.version - 1}"`)
      .send({ reason: 'r' });
    expect(response.status).toBe(412);
    const fresh = await app
      .http()
      .post(`${plans}/${plan.id}/hold`)
      .set(auth(world.staff.clinician.token))
      .set('If-Match', `"${plan.version}"`)
      .send({ reason: 'r' });
    expect(fresh.status).toBe(200);
  });

  describe('activation gates (422 listing each failed check)', () => {
    const refused = async (planId: string, checks: string[]) => {
      const response = await act(planId, 'activate');
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('ACTIVATION_REFUSED');
      expect(response.body.failedChecks).toEqual(
        checks.map((check) => ({ check, message: expect.any(String), overridable: false })),
      );
      expect(await statusOf(planId)).toBe('draft');
    };

    it('should refuse without a signed screening', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
      await refused(plan.id, ['SCREENING_NOT_SIGNED']);
      await newScreening(app, world.staff.clinician.token, patient.id); // recorded but not signed
      await refused(plan.id, ['LATEST_SCREENING_UNSIGNED']);
    });

    it('should judge the latest screening by screenedAt, never an older signed one', async () => {
      const token = world.staff.clinician.token;
      const patient = await newPatient(app, token);
      await newEligiblePatientScreening(app, world, patient.id);
      const plan = await newDraftPlan(app, token, patient.id);
      // A newer screening records a pregnancy (§2.2 exclude) and is not signed yet.
      const pregnant = await newScreening(app, token, patient.id, { pregnant: true });
      await refused(plan.id, ['LATEST_SCREENING_UNSIGNED']);
      // An older screening cannot be signed over the newer one once that one is signed (409).
      const backdated = await newScreening(app, token, patient.id, {
        screenedAt: new Date(Date.now() - 2 * DAY).toISOString(),
      });
      await signScreening(app, token, patient.id, pregnant.id, { rationale: 'Pregnant' });
      await refused(plan.id, ['SCREENING_NOT_ELIGIBLE']);
      const superseded = await app
        .http()
        .post(`/api/v1/patients/${patient.id}/screenings/${backdated.id}/sign`)
        .set(auth(token))
        .send({ rationale: 'Eligible last week' });
      expect(superseded.status).toBe(409);
      expect(superseded.body.code).toBe('SCREENING_SUPERSEDED');
      const row = await app.db.query('SELECT signed_at FROM screenings WHERE id = $1', [
        backdated.id,
      ]);
      expect(row.rows).toEqual([{ signed_at: null }]);
      await refused(plan.id, ['SCREENING_NOT_ELIGIBLE']);
    });

    it('should not let an older screening signed after a newer unsigned one count', async () => {
      const token = world.staff.clinician.token;
      const patient = await newPatient(app, token);
      const plan = await newDraftPlan(app, token, patient.id);
      const newest = await newScreening(app, token, patient.id, { breastfeeding: true });
      const older = await newScreening(app, token, patient.id, {
        screenedAt: new Date(Date.now() - DAY).toISOString(),
      });
      await signScreening(app, token, patient.id, older.id, { rationale: 'Eligible' });
      await refused(plan.id, ['LATEST_SCREENING_UNSIGNED']);
      await signScreening(app, token, patient.id, newest.id, { rationale: 'Breastfeeding' });
      await refused(plan.id, ['SCREENING_NOT_ELIGIBLE']);
    });

    it('should refuse an ineligible screening and a review that was not overridden, and accept an override', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
      const ineligible = await newScreening(app, world.staff.clinician.token, patient.id, {
        breastfeeding: true,
      });
      await signScreening(app, world.staff.clinician.token, patient.id, ineligible.id);
      await refused(plan.id, ['SCREENING_NOT_ELIGIBLE']);
      const review = await newScreening(app, world.staff.clinician.token, patient.id, {
        thyroidStatus: 'hyperthyroid_untreated',
      });
      await signScreening(app, world.staff.clinician.token, patient.id, review.id);
      await refused(plan.id, ['SCREENING_NOT_ELIGIBLE']);
      const overridden = await newScreening(app, world.staff.clinician.token, patient.id, {
        thyroidStatus: 'hyperthyroid_untreated',
      });
      await signScreening(app, world.staff.clinician.token, patient.id, overridden.id, {
        override: true,
        rationale: 'Endocrinology cleared; on carbimazole',
      });
      const response = await act(plan.id, 'activate');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'active',
        currentPhase: 'induction',
        activationScreeningId: overridden.id,
        activatedAt: expect.any(String),
        inductionStartedAt: expect.any(String),
      });
    });

    it('should refuse a screening older than the clinic’s screeningValidityDays (default 90)', async () => {
      // Signed screenings cannot be rewritten, so the facts are dated back when recorded.
      const token = world.staff.clinician.token;
      const patient = await newPatient(app, token);
      const old = await newScreening(app, token, patient.id, {
        screenedAt: new Date(Date.now() - 91 * DAY).toISOString(),
      });
      await signScreening(app, token, patient.id, old.id);
      const plan = await newDraftPlan(app, token, patient.id);
      await refused(plan.id, ['SCREENING_EXPIRED']);
      const recent = await newScreening(app, token, patient.id, {
        screenedAt: new Date(Date.now() - 89 * DAY).toISOString(),
      });
      await signScreening(app, token, patient.id, recent.id);
      expect((await act(plan.id, 'activate')).status).toBe(200);
    });

    it('should count validity from when the facts were taken, not when they were signed', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const old = await newScreening(app, world.staff.clinician.token, patient.id, {
        screenedAt: new Date(Date.now() - 100 * DAY).toISOString(),
      });
      await signScreening(app, world.staff.clinician.token, patient.id, old.id);
      const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
      await refused(plan.id, ['SCREENING_EXPIRED']);
    });

    it('should refuse a screening that assessed another indication than the plan’s', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const ptsd = await newScreening(app, world.staff.clinician.token, patient.id, {
        indications: ['ptsd'],
        primaryIndication: 'ptsd',
      });
      await signScreening(app, world.staff.clinician.token, patient.id, ptsd.id);
      const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
      await refused(plan.id, ['SCREENING_INDICATION_MISMATCH']);
      const ptsdPlan = await newDraftPlan(app, world.staff.clinician.token, patient.id, {
        indication: 'ptsd',
      });
      expect((await act(ptsdPlan.id, 'activate')).status).toBe(200);
    });

    it('should follow the clinic’s screeningValidityDays setting', async () => {
      const clinic = await newClinicWorld(app, root);
      await app
        .http()
        .patch(`/api/v1/clinics/${clinic.clinicId}/settings`)
        .set(auth(clinic.staff.admin.token))
        .send({ screeningValidityDays: 30 });
      const patient = await newPatient(app, clinic.staff.clinician.token);
      const screening = await newScreening(app, clinic.staff.clinician.token, patient.id, {
        screenedAt: new Date(Date.now() - 31 * DAY).toISOString(),
      });
      await signScreening(app, clinic.staff.clinician.token, patient.id, screening.id);
      const plan = await newDraftPlan(app, clinic.staff.clinician.token, patient.id);
      const response = await act(plan.id, 'activate', {}, clinic.staff.clinician.token);
      expect(response.status).toBe(422);
      expect(response.body.failedChecks).toEqual([
        { check: 'SCREENING_EXPIRED', message: expect.any(String), overridable: false },
      ]);
    });

    it('should refuse when the prescriber is no longer an active clinician, the patient is archived, or the clinic lowered its maximum dose', async () => {
      const clinic = await newClinicWorld(app, root);
      const colleague = await newStaff(app, root, 'clinician', [clinic.clinicId]);
      const patient = await newPatient(app, clinic.staff.clinician.token);
      await newEligiblePatientScreening(app, clinic, patient.id);
      const plan = await newDraftPlan(app, clinic.staff.clinician.token, patient.id, {
        prescriberId: colleague.id,
      });
      expect(
        (await app.http().post(`/api/v1/users/${colleague.id}/deactivate`).set(auth(root)).send())
          .status,
      ).toBe(200);
      await app
        .http()
        .delete(`/api/v1/patients/${patient.id}`)
        .set(auth(clinic.staff.clinician.token));
      await app
        .http()
        .patch(`/api/v1/clinics/${clinic.clinicId}/settings`)
        .set(auth(clinic.staff.admin.token))
        .send({ maxDoseMgPerKg: 0.6 });
      const response = await act(plan.id, 'activate', {}, clinic.staff.clinician.token);
      expect(response.status).toBe(422);
      expect((response.body.failedChecks as { check: string }[]).map((c) => c.check)).toEqual([
        'PRESCRIBER_NOT_ACTIVE_CLINICIAN',
        'PATIENT_ARCHIVED',
        'CEILING_EXCEEDS_CLINIC_MAX',
      ]);
    });

    it('should see an archive that commits while the activation waits for the patient (no slipping past the gate)', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      await newEligiblePatientScreening(app, world, patient.id);
      const plan = await newDraftPlan(app, world.staff.clinician.token, patient.id);
      const archiver = await app.db.connect();
      try {
        await archiver.query('BEGIN');
        await archiver.query('SELECT id FROM patients WHERE id = $1 FOR UPDATE', [patient.id]);
        const pending = Promise.resolve(act(plan.id, 'activate'));
        // Wait until the activation is blocked on the patient's row lock (without the lock it
        // never is: give up after a while and let the assertions below show what happened).
        for (let tries = 0; tries < 250; tries++) {
          const waiting = await app.db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (waiting.rows[0].n > 0) {
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await archiver.query(
          'UPDATE patients SET archived_at = now(), archived_by = $2 WHERE id = $1',
          [patient.id, world.staff.clinician.id],
        );
        await archiver.query('COMMIT');
        const response = await pending;
        expect(response.status).toBe(422);
        expect((response.body.failedChecks as { check: string }[]).map((c) => c.check)).toEqual([
          'PATIENT_ARCHIVED',
        ]);
      } finally {
        archiver.release();
      }
      expect(await statusOf(plan.id)).toBe('draft');
    });

    it('should allow one open plan per patient, on hold included (409)', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const first = await newActivePlan(app, world, patient.id);
      const second = await newDraftPlan(app, world.staff.clinician.token, patient.id);
      const conflict = await act(second.id, 'activate');
      expect(conflict.status).toBe(409);
      expect(conflict.body.code).toBe('TREATMENT_PLAN_ALREADY_OPEN');
      await act(first.id, 'hold', { reason: 'Travelling' });
      expect((await act(second.id, 'activate')).status).toBe(409);
      await act(first.id, 'discontinue', { reason: 'Switching protocol' });
      expect((await act(second.id, 'activate')).status).toBe(200);
    });

    it('should let exactly one of concurrent activations for a patient win', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      await newEligiblePatientScreening(app, world, patient.id);
      const drafts = await Promise.all(
        [1, 2, 3, 4].map(() => newDraftPlan(app, world.staff.clinician.token, patient.id)),
      );
      const responses = await Promise.all(drafts.map((d) => act(d.id, 'activate')));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      const open = await app.db.query(
        `SELECT count(*)::int AS n FROM treatment_plans WHERE patient_id = $1 AND status = 'active'`,
        [patient.id],
      );
      expect(open.rows[0].n).toBe(1);
      // The same plan activated twice at once: one 200, one 409, never a 5xx.
      const other = await newPatient(app, world.staff.clinician.token);
      await newEligiblePatientScreening(app, world, other.id);
      const plan = await newDraftPlan(app, world.staff.clinician.token, other.id);
      const twice = await Promise.all([act(plan.id, 'activate'), act(plan.id, 'activate')]);
      expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });

  describe('progress', () => {
    const get = async (id: string, token = world.staff.clinician.token) =>
      (await app.http().get(`${plans}/${id}`).set(auth(token))).body as PlanView;
    const record = (planId: string, n: number, from: number, at: (i: number) => string) =>
      callInApp(
        app,
        Array.from({ length: n }, (_, i) => ({
          call: 'recordInfusionCompleted',
          planId,
          sessionId: `00000000-0000-4000-8000-${String(from + i).padStart(12, '0')}`,
          completedAt: at(i),
        })),
      );

    it('should show induction done / planned, then ready for maintenance, then the next booster due (§1.2, §1.3)', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newActivePlan(app, world, patient.id);
      const early = await act(plan.id, 'start-maintenance');
      expect(early.status).toBe(422);
      expect(early.body.failedChecks).toEqual([
        { check: 'INDUCTION_COMPLETE', message: expect.any(String), overridable: true },
      ]);
      const start = Date.parse(plan.inductionStartedAt as string);
      await record(plan.id, 3, 100, (i) => new Date(start + (i + 1) * 2 * DAY).toISOString());
      let body = await get(plan.id);
      expect(body.progress).toMatchObject({
        phase: 'induction',
        infusionsCompleted: 3,
        infusionsPlanned: 6,
        inductionOverrunning: false,
        readyForMaintenance: false,
      });
      await record(plan.id, 3, 200, (i) => new Date(start + (i + 4) * 2 * DAY).toISOString());
      body = await get(plan.id, world.staff.front_desk.token);
      expect(body.progress).toMatchObject({ infusionsCompleted: 6, readyForMaintenance: true });
      expect(body.inductionCompletedAt).toBe(new Date(start + 12 * DAY).toISOString());
      const maintenance = await act(plan.id, 'start-maintenance');
      expect(maintenance.status).toBe(200);
      expect(maintenance.body.progress).toMatchObject({
        phase: 'maintenance',
        infusionsCompleted: 0,
        infusionsPlanned: null,
        nextMaintenanceDueAt: new Date(
          Date.parse(maintenance.body.maintenanceStartedAt) + 28 * DAY,
        ).toISOString(),
      });
      const booster = new Date(Date.now() + DAY).toISOString();
      await record(plan.id, 1, 300, () => booster);
      body = await get(plan.id);
      expect(body.progress).toMatchObject({
        infusionsCompleted: 1,
        nextMaintenanceDueAt: new Date(Date.parse(booster) + 28 * DAY).toISOString(),
      });
    });

    it('should flag induction overrunning its window', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newActivePlan(app, world, patient.id, {
        induction: { plannedInfusions: 6, windowDays: 14, minHoursBetweenInfusions: 24 },
      });
      expect((await get(plan.id)).progress.inductionOverrunning).toBe(false);
      await app.db.query(
        `UPDATE treatment_plans SET induction_started_at = now() - interval '15 days' WHERE id = $1`,
        [plan.id],
      );
      const body = await get(plan.id, world.staff.front_desk.token);
      expect(body.progress).toMatchObject({
        inductionOverrunning: true,
        readyForMaintenance: false,
      });
    });

    it('should keep the maintenance counts while a plan held in maintenance waits (§1.3)', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newActivePlan(app, world, patient.id, {
        maintenance: { asNeeded: false, intervalDays: 28, plannedInfusions: 4 },
      });
      await record(plan.id, 2, 500, (i) => new Date(Date.now() - (10 - i) * DAY).toISOString());
      expect((await act(plan.id, 'start-maintenance', { reason: 'Early responder' })).status).toBe(
        200,
      );
      await record(plan.id, 1, 600, () => new Date().toISOString());
      const held = await act(plan.id, 'hold', { reason: 'Travelling' });
      expect(held.status).toBe(200);
      expect(held.body.progress).toMatchObject({
        phase: 'maintenance',
        infusionsCompleted: 1,
        infusionsPlanned: 4,
        inductionInfusionsCompleted: 2,
        nextMaintenanceDueAt: null,
      });
      expect((await get(plan.id, world.staff.front_desk.token)).progress).toMatchObject({
        phase: 'maintenance',
        infusionsCompleted: 1,
      });
    });

    it('should count the induction window from the first induction infusion (§1.2)', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newActivePlan(app, world, patient.id);
      const first = new Date(Date.parse(plan.inductionStartedAt as string) + 3 * DAY);
      await record(plan.id, 1, 700, () => first.toISOString());
      expect((await get(plan.id)).progress.inductionWindowEndsAt).toBe(
        new Date(first.getTime() + 21 * DAY).toISOString(),
      );
    });

    it('should mark induction complete when an amendment lowers the count to what is done', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newActivePlan(app, world, patient.id);
      await record(plan.id, 4, 400, (i) => new Date(Date.now() - (4 - i) * DAY).toISOString());
      const amended = await app
        .http()
        .post(`${plans}/${plan.id}/amendments`)
        .set(auth(world.staff.clinician.token))
        .send({ reason: 'Remitted after 4 infusions', induction: { plannedInfusions: 4 } });
      expect(amended.status).toBe(201);
      expect(amended.body.progress).toMatchObject({
        infusionsCompleted: 4,
        infusionsPlanned: 4,
        readyForMaintenance: true,
      });
      expect(amended.body.inductionCompletedAt).toEqual(expect.any(String));
    });

    it('should show a review flag from sessions and let a clinician clear it', async () => {
      const patient = await newPatient(app, world.staff.clinician.token);
      const plan = await newActivePlan(app, world, patient.id);
      expect((await act(plan.id, 'clear-review', { reason: 'nothing' })).status).toBe(409);
      await callInApp(app, [
        { call: 'flagForReview', planId: plan.id, reason: 'Severe hypertension in session' },
      ]);
      expect((await get(plan.id)).needsClinicalReview).toBe(true);
      expect((await get(plan.id, world.staff.nurse.token)).needsClinicalReview).toBe(true);
      // A clinical signal: front desk's schedule view does not carry it.
      expect(await get(plan.id, world.staff.front_desk.token)).not.toHaveProperty(
        'needsClinicalReview',
      );
      const cleared = await act(plan.id, 'clear-review', {
        reason: 'Reviewed; continue with amlodipine',
      });
      expect(cleared.status).toBe(200);
      expect(cleared.body.needsClinicalReview).toBe(false);
      const [snapshot] = await callInApp(app, [
        {
          call: 'getPlanSnapshot',
          actor: actorOf(world.staff.nurse, [world.clinicId]),
          planId: plan.id,
        },
      ]);
      expect(snapshot).toEqual({ ok: expect.objectContaining({ needsClinicalReview: false }) });
    });
  });

  it('should list the whole history with actors, times and reasons', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newActivePlan(app, world, patient.id);
    await act(plan.id, 'hold', { reason: 'Travelling' });
    await act(plan.id, 'resume');
    await app
      .http()
      .post(`${plans}/${plan.id}/amendments`)
      .set(auth(world.staff.clinician.token))
      .send({ reason: 'Longer infusion', protocol: { infusionMinutes: 60 } });
    await act(plan.id, 'discontinue', { reason: 'Side effects' });
    const history = await app
      .http()
      .get(`${plans}/${plan.id}/history`)
      .set(auth(world.staff.nurse.token));
    expect(history.status).toBe(200);
    expect(
      (history.body.data as Record<string, unknown>[]).map((e) => [
        e.event,
        e.fromStatus,
        e.toStatus,
        e.reason,
      ]),
    ).toEqual([
      ['created', null, 'draft', null],
      ['activated', 'draft', 'active', null],
      ['held', 'active', 'on_hold', 'Travelling'],
      ['resumed', 'on_hold', 'active', null],
      ['amended', null, null, 'Longer infusion'],
      ['discontinued', 'active', 'discontinued', 'Side effects'],
    ]);
    expect(
      (history.body.data as { actorId: string; occurredAt: string }[]).every(
        (e) => e.actorId === world.staff.clinician.id && !Number.isNaN(Date.parse(e.occurredAt)),
      ),
    ).toBe(true);
    const plan2 = await app
      .http()
      .get(`${plans}/${plan.id}`)
      .set(auth(world.staff.clinician.token));
    expect(plan2.body).toMatchObject({
      status: 'discontinued',
      discontinueReason: 'Side effects',
      endedAt: expect.any(String),
    });
  });
});
