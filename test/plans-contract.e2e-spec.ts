import { actorOf, callInApp } from 'test/support/in-app';
import { ClinicWorld, loginAsRootAdmin, newClinicWorld, newPatient } from 'test/support/fixtures';
import {
  newActivePlan,
  newConsent,
  newEligiblePatientScreening,
  newScreening,
  signScreening,
} from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

// The contracts other modules code against (contracts.md), exercised in the built app.
jest.setTimeout(60_000);
describe('plans contract (TreatmentPlansService, ScreeningsService, ConsentsService)', () => {
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

  it('should give a plan snapshot, count infusions idempotently, complete induction and flag for review', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newActivePlan(app, world, patient.id, {
      induction: { plannedInfusions: 2, windowDays: 14, minHoursBetweenInfusions: 24 },
    });
    const actor = actorOf(world.staff.nurse, [world.clinicId]);
    const foreign = actorOf(other.staff.clinician, [other.clinicId]);
    const sessionA = '00000000-0000-4000-8000-00000000000a';
    const sessionB = '00000000-0000-4000-8000-00000000000b';
    const results = await callInApp(app, [
      { call: 'getPlanSnapshot', actor, planId: plan.id },
      { call: 'getPlanSnapshot', actor: foreign, planId: plan.id },
      {
        call: 'recordInfusionCompleted',
        planId: plan.id,
        sessionId: sessionA,
        completedAt: '2026-01-05T10:00:00Z',
      },
      {
        call: 'recordInfusionCompleted',
        planId: plan.id,
        sessionId: sessionA,
        completedAt: '2026-01-05T10:00:00Z',
      },
      { call: 'getPlanSnapshot', actor, planId: plan.id, withManager: true },
      {
        call: 'recordInfusionCompleted',
        planId: plan.id,
        sessionId: sessionB,
        completedAt: '2026-01-07T10:00:00Z',
      },
      {
        call: 'flagForReview',
        planId: plan.id,
        reason: 'serious adverse event',
        sessionId: sessionB,
      },
      { call: 'getPlanSnapshot', actor, planId: plan.id },
    ]);
    expect(results[0]).toEqual({
      ok: {
        id: plan.id,
        clinicId: world.clinicId,
        patientId: patient.id,
        indication: 'treatment_resistant_depression',
        status: 'active',
        currentPhase: 'induction',
        amendmentNumber: 1,
        protocol: {
          drug: 'ketamine',
          route: 'IV',
          doseMgPerKg: 0.5,
          infusionMinutes: 40,
          ceilingMgPerKg: 0.75,
          weightBasis: 'actual',
        },
        induction: { plannedInfusions: 2, windowDays: 14, minHoursBetweenInfusions: 24 },
        maintenance: { intervalDays: 28, plannedInfusions: null, asNeeded: false },
        infusionsCompletedInPhase: 0,
        phaseStartedAt: plan.inductionStartedAt,
        needsClinicalReview: false,
      },
    });
    expect(results[1]).toEqual({
      error: expect.objectContaining({ code: 'PLAN_NOT_FOUND', status: 404 }),
    });
    expect(results[4]).toEqual({ ok: expect.objectContaining({ infusionsCompletedInPhase: 1 }) });
    expect(results[7]).toEqual({
      ok: expect.objectContaining({ infusionsCompletedInPhase: 2, needsClinicalReview: true }),
    });
    // What clinic outcomes read (one statement, test/journal-outcomes): when induction completed.
    const completed = await app.db.query(
      'SELECT induction_started_at, induction_completed_at FROM treatment_plans WHERE id = $1',
      [plan.id],
    );
    expect(completed.rows).toEqual([
      {
        induction_started_at: new Date(plan.inductionStartedAt as string),
        induction_completed_at: new Date('2026-01-07T10:00:00.000Z'),
      },
    ]);
    const infusions = await app.db.query(
      'SELECT session_id, phase FROM treatment_plan_infusions WHERE plan_id = $1 ORDER BY completed_at',
      [plan.id],
    );
    expect(infusions.rows).toEqual([
      { session_id: sessionA, phase: 'induction' },
      { session_id: sessionB, phase: 'induction' },
    ]);
    const events = await app.db.query(
      `SELECT event, session_id, reason FROM treatment_plan_events WHERE plan_id = $1 AND event IN ('infusion_recorded', 'induction_completed', 'flagged_for_review') ORDER BY occurred_at, event`,
      [plan.id],
    );
    expect(events.rows.map((r: { event: string }) => r.event)).toEqual([
      'infusion_recorded',
      'induction_completed',
      'infusion_recorded',
      'flagged_for_review',
    ]);
  });

  it('should give the latest signed screening decision and whether consent is active', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const unsigned = await newPatient(app, world.staff.clinician.token);
    const screening = await newEligiblePatientScreening(app, world, patient.id);
    await newConsent(app, world.staff.nurse.token, patient.id, {
      expiresAt: '2099-01-01T00:00:00Z',
    });
    const now = new Date().toISOString();
    const results = await callInApp(app, [
      { call: 'latestSignedDecision', patientId: patient.id },
      { call: 'latestSignedDecision', patientId: unsigned.id },
      { call: 'hasActiveConsent', patientId: patient.id, at: now },
      { call: 'hasActiveConsent', patientId: patient.id, at: '2099-06-01T00:00:00Z' },
      { call: 'hasActiveConsent', patientId: unsigned.id, at: now },
    ]);
    const signed = results[0] as { ok: { signedAt: string; validUntil: string } };
    expect(signed.ok).toEqual({
      screeningId: screening.id,
      decision: 'eligible',
      overridden: false,
      signedAt: expect.any(String),
      validUntil: expect.any(String),
    });
    // screeningValidityDays default 90 (clinic setting)
    expect(Date.parse(signed.ok.validUntil) - Date.parse(screening.screenedAt as string)).toBe(
      90 * 86_400_000,
    );
    expect(results.slice(1)).toEqual([{ ok: null }, { ok: true }, { ok: false }, { ok: false }]);
  });

  it('should give no decision to the pre-infusion gate while the latest screening (by screenedAt) is unsigned', async () => {
    const token = world.staff.clinician.token;
    const patient = await newPatient(app, token);
    await newEligiblePatientScreening(app, world, patient.id);
    // A newer screening records a pregnancy and is not signed yet: the older signed one no longer counts.
    await newScreening(app, token, patient.id, { pregnant: true });
    const older = await newPatient(app, token);
    const newest = await newScreening(app, token, older.id);
    const backdated = await newScreening(app, token, older.id, {
      screenedAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    // Signing an older screening after a newer one was recorded does not make it the latest.
    await signScreening(app, token, older.id, backdated.id, { rationale: 'Reviewed' });
    const results = await callInApp(app, [
      { call: 'latestSignedDecision', patientId: patient.id },
      { call: 'latestSignedDecision', patientId: older.id },
    ]);
    expect(results).toEqual([{ ok: null }, { ok: null }]);
    await signScreening(app, token, older.id, newest.id, { rationale: 'Reviewed' });
    const [signed] = await callInApp(app, [{ call: 'latestSignedDecision', patientId: older.id }]);
    expect(signed).toEqual({ ok: expect.objectContaining({ screeningId: newest.id }) });
  });
});
