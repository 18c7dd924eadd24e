import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import { newScreening, signScreening } from 'test/support/plans.fixtures';
import {
  action,
  newChair,
  newLot,
  newSessionReadyToStart,
  normalVitals,
  setClinicSettings,
  rewindStart,
} from 'test/support/sessions.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

type Check = { check: string; overridable: boolean };
const checks = (body: { failedChecks?: Check[] }) =>
  (body.failedChecks ?? []).map((c) => c.check).sort();
const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

// Safety fixes of the session area: readings dated in the future, vitals at the stop thresholds,
// current discharge vitals, plans awaiting review, early stops, and the locks held by the database.
describe('session safety rules', () => {
  let app: TestApp;
  let root: string;
  let world: ClinicWorld;
  let lotId: string;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
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
  /** As if `minutes` had passed since the infusion ended: its end and the vitals so far move back. */
  const rewindEnd = async (sessionId: string, minutes: number) => {
    await app.db.query(
      `UPDATE infusion_sessions SET infusion_ended_at = infusion_ended_at - make_interval(mins => $2) WHERE id = $1`,
      [sessionId, minutes],
    );
    await app.db.query(
      `UPDATE session_vitals SET taken_at = taken_at - make_interval(mins => $2) WHERE session_id = $1`,
      [sessionId, minutes],
    );
  };
  const statusOf = async (sessionId: string) =>
    (
      await app.db.query<{ status: string }>(`SELECT status FROM infusion_sessions WHERE id = $1`, [
        sessionId,
      ])
    ).rows[0]?.status;
  /** Started and ended with the planned dose given in full (nothing wasted). */
  const inRecovery = async () => {
    const s = await ready();
    const started = await action(app, nurse(), s.sessionId, 'start', { lotId });
    expect(started.status).toBe(200);
    await rewindStart(app, s.sessionId);
    const ended = await action(app, nurse(), s.sessionId, 'end', {
      administeredMg: started.body.plannedDoseMg as number,
    });
    expect(ended.status).toBe(200);
    return s;
  };
  const discharge = (sessionId: string) =>
    action(app, clinician(), sessionId, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
    });

  describe('vitals dated in the future', () => {
    it('should refuse a reading taken later than now (beyond 5 minutes of clock skew) with 400', async () => {
      const { sessionId } = await ready();
      const res = await action(app, nurse(), sessionId, 'vitals', {
        ...normalVitals,
        takenAt: minutesFromNow(60),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'takenAt' })]);
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM session_vitals WHERE session_id = $1`,
        [sessionId],
      );
      expect(rows[0].n).toBe(1); // only the fixture's reading
    });

    it('should gate on the latest reading taken by now, not on one dated a few minutes ahead (§2.4)', async () => {
      const { sessionId } = await ready({ vitals: { systolic: 150 } });
      const ahead = await action(app, nurse(), sessionId, 'vitals', {
        ...normalVitals,
        takenAt: minutesFromNow(3),
      });
      expect(ahead.status).toBe(201);
      const res = await action(app, nurse(), sessionId, 'start', { lotId });
      expect(res.status).toBe(422);
      expect(checks(res.body)).toEqual(['VITALS_SYSTOLIC_ABOVE_HOLD']);
      expect(await statusOf(sessionId)).toBe('checked_in');
    });
  });

  describe('pre-dose vitals at the intra-infusion stop thresholds (§2.3)', () => {
    it.each([
      ['systolic 182', { systolic: 182 }, 'VITALS_SYSTOLIC_AT_STOP'],
      ['diastolic 110', { diastolic: 110 }, 'VITALS_DIASTOLIC_AT_STOP'],
      ['heart rate 125', { heartRate: 125 }, 'VITALS_HEART_RATE_AT_STOP'],
      ['SpO2 88', { spo2: 88 }, 'VITALS_SPO2_AT_STOP'],
    ])('should refuse %s absolutely, even a clinician’s override', async (_l, vitals, code) => {
      const { sessionId } = await ready({ vitals });
      const res = await action(app, clinician(), sessionId, 'start', {
        lotId,
        overrides: [{ check: code, reason: 'Asymptomatic, patient insists' }],
      });
      expect(res.status).toBe(422);
      expect(res.body.failedChecks).toEqual([
        expect.objectContaining({ check: code, overridable: false }),
      ]);
      expect(await statusOf(sessionId)).toBe('checked_in');
      const stored = await app.db.query<{ flags: { level: string }[] }>(
        `SELECT flags FROM session_vitals WHERE session_id = $1`,
        [sessionId],
      );
      expect(stored.rows[0]?.flags.map((f) => f.level)).toEqual(['stop']);
    });

    it('should keep a reading between the hold and the stop relative (systolic 175)', async () => {
      const { sessionId } = await ready({ vitals: { systolic: 175 } });
      const res = await action(app, clinician(), sessionId, 'start', {
        lotId,
        overrides: [{ check: 'VITALS_SYSTOLIC_ABOVE_HOLD', reason: 'Rechecked: 138/86' }],
      });
      expect(res.status).toBe(200);
    });
  });

  describe('current discharge vitals (§4.1, §3.2)', () => {
    it('should ignore a reading dated ahead and refuse one older than the recovery interval', async () => {
      const { sessionId } = await inRecovery();
      await rewindEnd(sessionId, 40);
      const ahead = await action(app, nurse(), sessionId, 'vitals', {
        ...normalVitals,
        takenAt: minutesFromNow(3),
      });
      expect(ahead.status).toBe(201);
      const missing = await discharge(sessionId);
      expect(missing.status).toBe(422);
      // nothing observed since the end counts: no vitals, no sedation, no dissociation assessment
      expect(checks(missing.body)).toEqual([
        'DISCHARGE_VITALS_MISSING',
        'DISSOCIATION_NOT_ASSESSED',
        'SEDATION_NOT_ASSESSED',
      ]);

      const old = await action(app, nurse(), sessionId, 'vitals', {
        ...normalVitals,
        takenAt: minutesFromNow(-20),
        lateEntryReason: 'Charted on the paper flowsheet first',
      });
      expect(old.status).toBe(201);
      const stale = await discharge(sessionId);
      expect(stale.status).toBe(422);
      expect(checks(stale.body)).toEqual(['DISCHARGE_VITALS_STALE']);
      expect(await statusOf(sessionId)).toBe('recovery');

      await action(app, nurse(), sessionId, 'vitals', normalVitals);
      expect((await discharge(sessionId)).status).toBe(200);
    });

    it('should use the clinic’s recoveryMonitoringIntervalMinutes', async () => {
      const clinic = await newClinicWorld(app, root);
      await setClinicSettings(app, clinic, { recoveryMonitoringIntervalMinutes: 30 });
      const lot = await newLot(app, clinic);
      const { sessionId } = await newSessionReadyToStart(app, clinic, await newChair(app, clinic));
      const started = await action(app, clinic.staff.nurse.token, sessionId, 'start', {
        lotId: lot,
      });
      await rewindStart(app, sessionId);
      await action(app, clinic.staff.nurse.token, sessionId, 'end', {
        administeredMg: started.body.plannedDoseMg as number,
      });
      await rewindEnd(sessionId, 60);
      await action(app, clinic.staff.nurse.token, sessionId, 'vitals', {
        ...normalVitals,
        takenAt: minutesFromNow(-20),
        lateEntryReason: 'Charted on the paper flowsheet first',
      });
      const res = await action(app, clinic.staff.clinician.token, sessionId, 'discharge', {
        orientationConfirmed: true,
        escortPresent: true,
      });
      expect(res.status).toBe(200);
    }, 60_000);
  });

  it('should hold the gate while the plan awaits clinical review, until a clinician clears it (§3.5)', async () => {
    const { sessionId, planId } = await ready();
    const event = await action(app, nurse(), sessionId, 'adverse-events', {
      type: 'anxiety',
      severity: 'severe',
      onsetAt: minutesFromNow(-2),
      intervention: 'Reassurance; lorazepam',
      outcome: 'resolved',
    });
    expect(event.status).toBe(201);
    const held = await action(app, clinician(), sessionId, 'start', {
      lotId,
      overrides: [{ check: 'PLAN_NEEDS_CLINICAL_REVIEW', reason: 'I will review later' }],
    });
    expect(held.status).toBe(422);
    expect(held.body.failedChecks).toEqual([
      expect.objectContaining({ check: 'PLAN_NEEDS_CLINICAL_REVIEW', overridable: false }),
    ]);
    const cleared = await app
      .http()
      .post(`/api/v1/treatment-plans/${planId}/clear-review`)
      .set(auth(clinician()))
      .send({ reason: 'Reviewed in person; anxiety plan agreed' });
    expect(cleared.status).toBe(200);
    const started = await action(app, nurse(), sessionId, 'start', { lotId });
    expect(started.status).toBe(200);
  });

  it('should hold the gate on a newer unsigned screening, not fall back to the older signed one', async () => {
    const { sessionId, patientId } = await ready();
    // A newer intake records a pregnancy; until a clinician signs it, it is the screening that counts.
    const newer = await newScreening(app, clinician(), patientId, { pregnant: true });
    const held = await action(app, clinician(), sessionId, 'start', {
      lotId,
      overrides: [{ check: 'LATEST_SCREENING_UNSIGNED', reason: 'The old one was fine' }],
    });
    expect(held.status).toBe(422);
    expect(held.body.failedChecks).toEqual([
      expect.objectContaining({ check: 'LATEST_SCREENING_UNSIGNED', overridable: false }),
    ]);
    await signScreening(app, clinician(), patientId, newer.id);
    const ineligible = await action(app, nurse(), sessionId, 'start', { lotId });
    expect(ineligible.status).toBe(422);
    expect(checks(ineligible.body)).toEqual(['SCREENING_INELIGIBLE']);
  });

  it('should record an early stop whenever less than the planned dose was given, and need its reason', async () => {
    const { sessionId } = await ready();
    const started = await action(app, nurse(), sessionId, 'start', { lotId });
    expect(started.body.plannedDoseMg).toBe(36.1);
    const noReason = await action(app, nurse(), sessionId, 'end', {
      administeredMg: 30,
      wasteWitnessId: world.staff.clinician.id,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({
      code: 'STOP_REASON_REQUIRED',
      errors: [expect.objectContaining({ field: 'stopReason' })],
    });
    expect(await statusOf(sessionId)).toBe('in_progress');
    const ended = await action(app, nurse(), sessionId, 'end', {
      administeredMg: 30,
      stoppedEarly: false,
      stopReason: 'Dissociation distressing; patient asked to stop',
      wasteWitnessId: world.staff.clinician.id,
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      stoppedEarly: true,
      stopReason: 'Dissociation distressing; patient asked to stop',
    });
    const { rows } = await app.db.query(
      `SELECT stopped_early, reason FROM infusion_sessions s
         JOIN controlled_substance_ledger_entries e ON e.session_id = s.id AND e.kind = 'waste'
        WHERE s.id = $1`,
      [sessionId],
    );
    expect(rows).toEqual([{ stopped_early: true, reason: 'infusion stopped early' }]);
  });

  describe('transfer to an emergency department', () => {
    const progressOf = async (planId: string) => {
      const plan = await app.http().get(`/api/v1/treatment-plans/${planId}`).set(auth(clinician()));
      return {
        completed: plan.body.progress.infusionsCompleted as number,
        review: plan.body.needsClinicalReview as boolean,
      };
    };

    it('should stop a running infusion, end the session as transferred and let a clinician sign it', async () => {
      const { sessionId, planId } = await ready();
      const started = await action(app, nurse(), sessionId, 'start', { lotId });
      expect(started.body.plannedDoseMg).toBe(36.1);
      const reason = 'BP 210/120 with chest pain despite stopping the infusion';
      const noAmount = await action(app, nurse(), sessionId, 'transfer', { reason });
      expect(noAmount.status).toBe(400);
      expect(noAmount.body).toMatchObject({
        code: 'ADMINISTERED_AMOUNT_REQUIRED',
        errors: [expect.objectContaining({ field: 'administeredMg' })],
      });
      expect((await action(app, nurse(), sessionId, 'transfer', {})).status).toBe(400);
      expect(
        (await action(app, world.staff.front_desk.token, sessionId, 'transfer', { reason })).status,
      ).toBe(403);

      const transferred = await action(app, nurse(), sessionId, 'transfer', {
        reason,
        destination: 'St. Mary’s ED by ambulance',
        administeredMg: 20,
        wasteWitnessId: world.staff.clinician.id,
      });
      expect(transferred.status).toBe(200);
      expect(transferred.body).toMatchObject({
        status: 'transferred',
        transferredBy: world.staff.nurse.id,
        transferReason: reason,
        transferDestination: 'St. Mary’s ED by ambulance',
        administeredMg: 20,
        stoppedEarly: true,
        stopReason: reason,
      });
      expect(transferred.body.transferredAt).toEqual(expect.any(String));
      expect(
        (transferred.body.controlledSubstance as { kind: string; quantityMg: number }[]).map(
          (e) => [e.kind, e.quantityMg],
        ),
      ).toEqual([
        ['draw', 36.1],
        ['administer', 20],
        ['waste', 16.1],
      ]);
      // an infusion stopped by the transfer is not a completed one; the plan awaits review
      expect(await progressOf(planId)).toEqual({ completed: 0, review: true });
      // the clinic's follow-up calls still happen (default policy: next day and one week)
      const followUps = await app.db.query(
        `SELECT origin, status FROM follow_ups WHERE session_id = $1 ORDER BY due_date`,
        [sessionId],
      );
      expect(followUps.rows).toEqual([
        { origin: 'automatic', status: 'due' },
        { origin: 'automatic', status: 'due' },
      ]);

      // terminal: no discharge, no more vitals, no second transfer
      expect((await discharge(sessionId)).body.code).toBe('ILLEGAL_TRANSITION');
      expect((await action(app, nurse(), sessionId, 'vitals', normalVitals)).status).toBe(409);
      expect(
        (await action(app, nurse(), sessionId, 'transfer', { reason, administeredMg: 20 })).status,
      ).toBe(409);
      // the front desk sees the status, not the clinical reason
      const fd = await app
        .http()
        .get(`/api/v1/sessions/${sessionId}`)
        .set(auth(world.staff.front_desk.token));
      expect(fd.body.status).toBe('transferred');
      expect(fd.body).not.toHaveProperty('transferReason');
      expect(fd.body).not.toHaveProperty('transferDestination');

      expect((await action(app, nurse(), sessionId, 'sign')).status).toBe(403);
      const signed = await action(app, clinician(), sessionId, 'sign');
      expect(signed.status).toBe(200);
      expect(signed.body.signedBy).toBe(world.staff.clinician.id);
      const { rows } = await app.db.query(
        `SELECT status, upper(booked_during) <= greatest(transferred_at, lower(booked_during) + interval '1 minute') AS chair_free
           FROM infusion_sessions WHERE id = $1`,
        [sessionId],
      );
      expect(rows).toEqual([{ status: 'transferred', chair_free: true }]);
    });

    it('should count a transfer from recovery as a completed infusion', async () => {
      const { sessionId, planId } = await inRecovery();
      const transferred = await action(app, nurse(), sessionId, 'transfer', {
        reason: 'Persistent desaturation to 88 % on oxygen',
      });
      expect(transferred.status).toBe(200);
      expect(transferred.body).toMatchObject({ status: 'transferred', stoppedEarly: false });
      expect(await progressOf(planId)).toEqual({ completed: 1, review: true });
    });

    it('should refuse a transfer before the infusion started (409)', async () => {
      const { sessionId } = await ready();
      const res = await action(app, nurse(), sessionId, 'transfer', { reason: 'Felt unwell' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    });
  });
});
