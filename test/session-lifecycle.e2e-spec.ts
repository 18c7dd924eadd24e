import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import {
  action,
  bookOrFail,
  newChair,
  newLot,
  newReadyPatient,
  newSessionReadyToStart,
  normalVitals,
  setClinicSettings,
  rewindStart,
} from 'test/support/sessions.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

type Check = { check: string; overridable: boolean };
const checks = (body: { failedChecks?: Check[] }) =>
  (body.failedChecks ?? []).map((c) => c.check).sort();

describe('session lifecycle, gates, dosing and the controlled-substance record', () => {
  let app: TestApp;
  let world: ClinicWorld;
  let other: ClinicWorld;
  let lotId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    other = await newClinicWorld(app, root);
    await setClinicSettings(app, world, { maxPatientsPerNurse: 20 });
    lotId = await newLot(app, world, { receivedMg: 5000 });
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const nurse = () => world.staff.nurse.token;
  const clinician = () => world.staff.clinician.token;
  const ready = async (options = {}) =>
    newSessionReadyToStart(app, world, await newChair(app, world), options);
  /** Moves recorded clinical times back, as if `minutes` had passed (tests cannot wait). */
  const rewind = (sessionId: string, column: 'started_at' | 'infusion_ended_at', minutes: number) =>
    app.db.query(
      `UPDATE infusion_sessions SET ${column} = ${column} - make_interval(mins => $2) WHERE id = $1`,
      [sessionId, minutes],
    );

  it('should run the whole day: check-in, gate, dose, vitals, end with witnessed waste, discharge, sign, addendum', async () => {
    const { sessionId, planId } = await ready();
    // §1.1: 72.3 kg × 0.5 mg/kg = 36.15 → 36.1 mg (down); ceiling 72.3 × 0.75 = 54.225 → 54.2 mg
    const started = await action(app, nurse(), sessionId, 'start', { lotId, drawnMg: 50 });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      status: 'in_progress',
      startedBy: world.staff.nurse.id,
      weightKg: 72.3,
      weightBasis: 'actual',
      doseMgPerKg: 0.5,
      plannedDoseMg: 36.1,
      ceilingMg: 54.2,
      rateMgPerHour: 54.15,
      lotId,
      gateOverrides: [],
    });

    const during = await action(app, nurse(), sessionId, 'vitals', {
      ...normalVitals,
      systolic: 165,
    });
    expect(during.status).toBe(201);
    expect(during.body).toMatchObject({
      phase: 'infusion',
      flags: [expect.objectContaining({ code: 'SYSTOLIC_AT_ALERT', level: 'alert' })],
    });

    const paused = await action(app, nurse(), sessionId, 'infusion-events', {
      kind: 'pause',
      reason: 'BP rise',
    });
    expect(paused.status).toBe(200);
    const noReason = await action(app, nurse(), sessionId, 'infusion-events', { kind: 'pause' });
    expect(noReason.status).toBe(400);
    const twice = await action(app, nurse(), sessionId, 'infusion-events', {
      kind: 'pause',
      reason: 'again',
    });
    expect(twice.status).toBe(409);
    expect(
      (await action(app, nurse(), sessionId, 'infusion-events', { kind: 'resume' })).status,
    ).toBe(200);
    const slower = await action(app, nurse(), sessionId, 'infusion-events', {
      kind: 'rate_change',
      rateMgPerHour: 40,
    });
    expect(slower.body.rateMgPerHour).toBe(40);

    await rewindStart(app, sessionId);
    const tooMuch = await action(app, nurse(), sessionId, 'end', { administeredMg: 54.3 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('DOSE_ABOVE_CEILING');
    const noWitness = await action(app, nurse(), sessionId, 'end', { administeredMg: 36.2 });
    expect(noWitness.status).toBe(400);
    expect(noWitness.body.code).toBe('WITNESS_INVALID');
    const selfWitness = await action(app, nurse(), sessionId, 'end', {
      administeredMg: 36.2,
      wasteWitnessId: world.staff.nurse.id,
    });
    expect(selfWitness.status).toBe(400);
    const ended = await action(app, nurse(), sessionId, 'end', {
      administeredMg: 36.2,
      wasteWitnessId: world.staff.clinician.id,
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      status: 'recovery',
      administeredMg: 36.2,
      stoppedEarly: false,
    });
    expect(
      (
        ended.body.controlledSubstance as {
          kind: string;
          quantityMg: number;
          witnessId: string | null;
        }[]
      ).map((e) => [e.kind, e.quantityMg, e.witnessId]),
    ).toEqual([
      ['draw', 50, null],
      ['administer', 36.2, null],
      ['waste', 13.8, world.staff.clinician.id],
    ]);

    // Discharge too early and without the criteria: every missing one is listed (§4.1)
    const early = await action(app, clinician(), sessionId, 'discharge', {
      orientationConfirmed: false,
      escortPresent: false,
    });
    expect(early.status).toBe(422);
    expect(checks(early.body)).toEqual([
      'DISCHARGE_VITALS_MISSING',
      'DISSOCIATION_NOT_ASSESSED',
      'ESCORT_NOT_PRESENT',
      'ORIENTATION_NOT_CONFIRMED',
      'RECOVERY_TIME_NOT_MET',
      'SEDATION_NOT_ASSESSED',
    ]);
    await rewind(sessionId, 'infusion_ended_at', 31);
    const highBp = await action(app, nurse(), sessionId, 'vitals', {
      ...normalVitals,
      systolic: 150,
    });
    expect(highBp.body.phase).toBe('recovery');
    const stillHigh = await action(app, clinician(), sessionId, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
    });
    expect(stillHigh.status).toBe(422);
    expect(checks(stillHigh.body)).toEqual(['DISCHARGE_BP_HIGH']);
    await action(app, nurse(), sessionId, 'vitals', normalVitals);
    const discharged = await action(app, clinician(), sessionId, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
    });
    expect(discharged.status).toBe(200);
    expect(discharged.body).toMatchObject({
      status: 'discharged',
      dischargedBy: world.staff.clinician.id,
    });

    // It counts towards the plan's progress, in the same transaction
    const plan = await app.http().get(`/api/v1/treatment-plans/${planId}`).set(auth(clinician()));
    expect(plan.body.progress.infusionsCompleted).toBe(1);
    const { rows: progress } = await app.db.query(
      `SELECT count(*)::int AS n FROM treatment_plan_infusions WHERE session_id = $1`,
      [sessionId],
    );
    expect(progress[0].n).toBe(1);

    // A nurse cannot sign; the clinician signs, which locks the record
    expect((await action(app, nurse(), sessionId, 'sign')).status).toBe(403);
    const early_addendum = await action(app, nurse(), sessionId, 'addenda', {
      reason: 'fix',
      text: 'x',
    });
    expect(early_addendum.status).toBe(409);
    expect(early_addendum.body.code).toBe('SESSION_NOT_SIGNED');
    const signed = await action(app, clinician(), sessionId, 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body.signedBy).toBe(world.staff.clinician.id);
    expect((await action(app, clinician(), sessionId, 'sign')).body.code).toBe('SESSION_SIGNED');
    const patch = await app
      .http()
      .patch(`/api/v1/sessions/${sessionId}`)
      .set(auth(nurse()))
      .send({ notes: 'late edit' });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('SESSION_SIGNED');
    expect((await action(app, nurse(), sessionId, 'vitals', normalVitals)).status).toBe(409);
    const addendum = await action(app, nurse(), sessionId, 'addenda', {
      reason: 'Correction of administered amount',
      text: 'Pump log shows 36.0 mg',
    });
    expect(addendum.status).toBe(201);
    expect(addendum.body).toMatchObject({
      authorId: world.staff.nurse.id,
      reason: 'Correction of administered amount',
    });
    await expect(
      app.db.query(`UPDATE session_addenda SET text = 'x' WHERE session_id = $1`, [sessionId]),
    ).rejects.toThrow(/append-only/);

    const audit = await app.db.query(
      `SELECT coalesce(action_name, action::text) AS a FROM audit_events WHERE resource_id = $1 ORDER BY occurred_at`,
      [sessionId],
    );
    expect((audit.rows as { a: string }[]).map((r) => r.a)).toEqual(
      expect.arrayContaining([
        'create',
        'check_in',
        'vitals',
        'start',
        'end',
        'discharge',
        'sign',
        'addendum',
      ]),
    );

    // Audit details name fields only, never clinical values
    const details = await app.db.query(
      `SELECT details FROM audit_events
        WHERE resource_id = $1 AND details IS NOT NULL AND outcome = 'success'`,
      [sessionId],
    );
    for (const row of details.rows as { details: Record<string, unknown> }[]) {
      expect(Object.keys(row.details)).toEqual(['fields']);
      for (const field of row.details.fields as unknown[]) {
        expect(field).toMatch(/^[a-z][A-Za-z0-9]*$/);
      }
    }

    // The lot reconciles: received = given + wasted + on hand
    const ledger = await app
      .http()
      .get(`/api/v1/clinics/${world.clinicId}/controlled-substance-lots/${lotId}/ledger`)
      .set(auth(world.staff.admin.token));
    expect(ledger.body.reconciliation).toMatchObject({ inUseMg: 0, balanced: true });
    const r = ledger.body.reconciliation as {
      receivedMg: number;
      givenMg: number;
      wastedMg: number;
      onHandMg: number;
    };
    expect(Math.round((r.givenMg + r.wastedMg + r.onHandMg) * 10) / 10).toBe(r.receivedMg);
  });

  it('should list every failed absolute check of the gate with 422', async () => {
    const { sessionId } = await ready({ consent: false, vitals: null });
    await app.db.query(`UPDATE infusion_sessions SET escort_confirmed = false WHERE id = $1`, [
      sessionId,
    ]);
    const res = await action(app, nurse(), sessionId, 'start', { lotId });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PRE_INFUSION_GATE_FAILED');
    expect(checks(res.body)).toEqual([
      'CONSENT_MISSING',
      'ESCORT_NOT_CONFIRMED',
      'PRE_INFUSION_VITALS_MISSING',
    ]);
    expect((res.body.failedChecks as Check[]).every((c) => !c.overridable)).toBe(true);
    const { rows } = await app.db.query(
      `SELECT status, started_at FROM infusion_sessions WHERE id = $1`,
      [sessionId],
    );
    expect(rows[0]).toEqual({ status: 'checked_in', started_at: null });
  });

  it.each([
    ['systolic above the hold', { systolic: 150 }, ['VITALS_SYSTOLIC_ABOVE_HOLD']],
    ['heart rate out of range', { heartRate: 115 }, ['VITALS_HEART_RATE_OUT_OF_RANGE']],
    ['SpO2 below the hold', { spo2: 90 }, ['VITALS_SPO2_BELOW_HOLD']],
    [
      'stale vitals',
      {
        takenAt: new Date(Date.now() - 45 * 60_000).toISOString(),
        lateEntryReason: 'Taken in the waiting room, charted now',
      },
      ['PRE_INFUSION_VITALS_STALE'],
    ],
  ])(
    'should hold for %s (relative: a clinician may override with a reason)',
    async (_l, vitals, expected) => {
      const { sessionId } = await ready({ vitals });
      const held = await action(app, nurse(), sessionId, 'start', { lotId });
      expect(held.status).toBe(422);
      expect(checks(held.body)).toEqual(expected);
      expect((held.body.failedChecks as Check[]).every((c) => c.overridable)).toBe(true);
      const overrides = expected.map((check) => ({
        check,
        reason: 'Rechecked after rest; within baseline',
      }));
      const byNurse = await action(app, nurse(), sessionId, 'start', { lotId, overrides });
      expect(byNurse.status).toBe(403);
      expect(byNurse.body.code).toBe('OVERRIDE_NOT_ALLOWED');
      const byClinician = await action(app, clinician(), sessionId, 'start', { lotId, overrides });
      expect(byClinician.status).toBe(200);
      expect(byClinician.body.gateOverrides).toEqual(
        expected.map((check): unknown =>
          expect.objectContaining({
            check,
            reason: 'Rechecked after rest; within baseline',
            by: world.staff.clinician.id,
          }),
        ),
      );
      const { rows } = await app.db.query(
        `SELECT gate_overrides FROM infusion_sessions WHERE id = $1`,
        [sessionId],
      );
      expect((rows[0].gate_overrides as { check: string }[]).map((o) => o.check)).toEqual(expected);
    },
  );

  it('should refuse stale weight and fasting unless overridden, and never override consent', async () => {
    const { sessionId } = await ready({
      patient: { weightRecordedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() },
      consent: false,
    });
    await app.db.query(`UPDATE infusion_sessions SET fasting_confirmed = false WHERE id = $1`, [
      sessionId,
    ]);
    const res = await action(app, clinician(), sessionId, 'start', {
      lotId,
      overrides: [
        { check: 'WEIGHT_STALE', reason: 'Weighed last month, stable' },
        { check: 'FASTING_NOT_CONFIRMED', reason: 'Light breakfast 4 h ago' },
        { check: 'CONSENT_MISSING', reason: 'verbal consent' },
      ],
    });
    expect(res.status).toBe(422);
    expect(checks(res.body)).toEqual(['CONSENT_MISSING']);
  });

  it('should refuse a dose above the clinic maximum as an absolute check', async () => {
    const clinic2 = await newClinicWorld(app, await loginAsRootAdmin(app));
    const lot2 = await newLot(app, clinic2);
    const { sessionId } = await newSessionReadyToStart(app, clinic2, await newChair(app, clinic2));
    // the clinic lowers its maximum after the plan was written (plans check it when written)
    await setClinicSettings(app, clinic2, { maxDoseMgPerKg: 0.4 });
    const res = await action(app, clinic2.staff.clinician.token, sessionId, 'start', {
      lotId: lot2,
      overrides: [{ check: 'DOSE_ABOVE_CLINIC_MAXIMUM', reason: 'prescriber asked' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.failedChecks).toEqual([
      expect.objectContaining({ check: 'DOSE_ABOVE_CLINIC_MAXIMUM', overridable: false }),
    ]);
  }, 60_000);

  it('should check the lot the dose is drawn from: expired lot 422, short lot 409, foreign lot 404', async () => {
    const expired = await newLot(app, world, { expiresOn: '2020-01-01' });
    const small = await newLot(app, world, { receivedMg: 10 });
    const foreign = await newLot(app, other);
    const { sessionId } = await ready();
    expect((await action(app, nurse(), sessionId, 'start', { lotId: expired })).status).toBe(422);
    expect((await action(app, nurse(), sessionId, 'start', { lotId: small })).body.code).toBe(
      'LOT_INSUFFICIENT',
    );
    expect((await action(app, nurse(), sessionId, 'start', { lotId: foreign })).status).toBe(404);
    const { rows } = await app.db.query(
      `SELECT on_hand_mg FROM controlled_substance_lots WHERE id = $1`,
      [small],
    );
    expect(Number(rows[0].on_hand_mg)).toBe(10);
  });

  it('should record an early stop with its reason, and report monitoring gaps', async () => {
    const { sessionId } = await ready();
    await action(app, nurse(), sessionId, 'start', { lotId });
    await rewind(sessionId, 'started_at', 25);
    const got = await app.http().get(`/api/v1/sessions/${sessionId}`).set(auth(nurse()));
    expect(got.status).toBe(200);
    expect(got.body.monitoringGaps).toEqual([
      expect.objectContaining({ phase: 'infusion', allowedMinutes: 10 }),
    ]);
    const noReason = await action(app, nurse(), sessionId, 'end', {
      administeredMg: 20,
      stoppedEarly: true,
    });
    expect(noReason.status).toBe(400);
    const stopped = await action(app, nurse(), sessionId, 'end', {
      administeredMg: 20,
      stoppedEarly: true,
      stopReason: 'Systolic 182 despite pause',
      wasteWitnessId: world.staff.clinician.id,
    });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({
      stoppedEarly: true,
      stopReason: 'Systolic 182 despite pause',
    });
    expect((stopped.body.infusionEvents as { kind: string }[]).map((e) => e.kind)).toEqual([
      'start',
      'stop',
    ]);
  });

  it('should flag the plan for review after a serious adverse event', async () => {
    const { sessionId, planId } = await ready();
    await action(app, nurse(), sessionId, 'start', { lotId });
    const mild = await action(app, nurse(), sessionId, 'adverse-events', {
      type: 'nausea',
      severity: 'mild',
      onsetAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      intervention: 'Antiemetic',
      interventionDrug: 'ondansetron',
      interventionDose: '4 mg IV',
      outcome: 'resolved',
    });
    expect(mild.status).toBe(201);
    let plan = await app.http().get(`/api/v1/treatment-plans/${planId}`).set(auth(clinician()));
    expect(plan.body.needsClinicalReview).toBe(false);
    const serious = await action(app, nurse(), sessionId, 'adverse-events', {
      type: 'hypertension',
      severity: 'moderate',
      serious: true,
      onsetAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      infusionAction: 'stopped',
      outcome: 'transferred',
    });
    expect(serious.status).toBe(201);
    plan = await app.http().get(`/api/v1/treatment-plans/${planId}`).set(auth(clinician()));
    expect(plan.body.needsClinicalReview).toBe(true);
    const other = await action(app, nurse(), sessionId, 'adverse-events', {
      type: 'other',
      severity: 'mild',
      onsetAt: new Date().toISOString(),
      outcome: 'resolved',
    });
    expect(other.status).toBe(400);
    const badType = await action(app, nurse(), sessionId, 'adverse-events', {
      type: 'sneezing',
      severity: 'mild',
      onsetAt: new Date().toISOString(),
      outcome: 'resolved',
    });
    expect(badType.status).toBe(400);
    const first = await app
      .http()
      .get(`/api/v1/sessions/${sessionId}/adverse-events?limit=1`)
      .set(auth(clinician()));
    expect((first.body.data as { type: string }[]).map((a) => a.type)).toEqual(['nausea']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await app
      .http()
      .get(
        `/api/v1/sessions/${sessionId}/adverse-events?limit=1&cursor=${first.body.nextCursor as string}`,
      )
      .set(auth(clinician()));
    expect((second.body.data as { type: string }[]).map((a) => a.type)).toEqual(['hypertension']);
    expect(second.body.nextCursor).toBeNull();
    const vitals = await app
      .http()
      .get(`/api/v1/sessions/${sessionId}/vitals?limit=100`)
      .set(auth(nurse()));
    expect(vitals.body).toMatchObject({
      nextCursor: null,
      data: [expect.objectContaining({ phase: 'pre' })],
    });
  });

  it('should keep roles apart: front desk schedules only, nurses run sessions, clinicians override and sign', async () => {
    const { sessionId } = await ready();
    const fd = world.staff.front_desk.token;
    // check-in records the escort and fasting confirmations the gate relies on: clinical staff only
    const booked = await bookOrFail(app, world, {
      ...(await newReadyPatient(app, world)),
      chairId: await newChair(app, world),
    });
    const fdCheckIn = await action(app, fd, booked.id, 'check-in', {
      escortConfirmed: true,
      fastingConfirmed: true,
    });
    expect(fdCheckIn.status).toBe(403);
    const { rows: notCheckedIn } = await app.db.query(
      `SELECT status, escort_confirmed FROM infusion_sessions WHERE id = $1`,
      [booked.id],
    );
    expect(notCheckedIn).toEqual([{ status: 'scheduled', escort_confirmed: false }]);
    expect((await action(app, fd, sessionId, 'start', { lotId })).status).toBe(403);
    expect((await action(app, fd, sessionId, 'vitals', normalVitals)).status).toBe(403);
    expect((await action(app, fd, sessionId, 'sign')).status).toBe(403);
    expect((await action(app, world.staff.admin.token, sessionId, 'start', { lotId })).status).toBe(
      403,
    );
    expect(
      (
        await action(app, fd, sessionId, 'adverse-events', {
          type: 'nausea',
          severity: 'mild',
          onsetAt: new Date().toISOString(),
          outcome: 'resolved',
        })
      ).status,
    ).toBe(403);
    expect(
      (await app.http().get(`/api/v1/sessions/${sessionId}/vitals`).set(auth(fd))).status,
    ).toBe(403);
    // another clinic's staff never see it
    for (const token of [other.staff.nurse.token, other.staff.clinician.token]) {
      expect((await action(app, token, sessionId, 'start', { lotId })).status).toBe(404);
      expect((await action(app, token, sessionId, 'vitals', normalVitals)).status).toBe(404);
      expect(
        (await app.http().get(`/api/v1/sessions/${sessionId}/vitals`).set(auth(token))).status,
      ).toBe(404);
    }
    expect(
      (
        await action(app, clinician(), sessionId, 'discharge', {
          orientationConfirmed: true,
          escortPresent: true,
        })
      ).status,
    ).toBe(409);
  });
});
