import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import {
  action,
  book,
  bookOrFail,
  newChair,
  newLot,
  newReadyPatient,
  normalVitals,
  rewindStart,
  setClinicSettings,
} from 'test/support/sessions.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

type Check = { check: string; overridable: boolean; conflictingSessionIds?: string[] };
const checks = (body: { failedChecks?: Check[] }) =>
  (body.failedChecks ?? []).map((c) => c.check).sort();
const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);

/**
 * Issue 9: what booking checked holds again when the care happens (../shared/domain/
 * ketamine-clinic.md §1.2 spacing, §2.3 stop thresholds, §3.2 monitoring, §3.3 staffing, §4.1
 * discharge), against the real database.
 */
describe('safety at the moment of care', () => {
  let app: TestApp;
  let root: string;
  let world: ClinicWorld;
  let lotId: string;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    await setClinicSettings(app, world, { maxPatientsPerNurse: 20, minRecoveryMinutes: 30 });
    lotId = await newLot(app, world, { receivedMg: 5000 });
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const nurse = () => world.staff.nurse.token;
  const clinician = () => world.staff.clinician.token;

  /** Booked at `start` in `chairId`, checked in (clinician, overriding the window if asked). */
  async function checkedIn(
    w: ClinicWorld,
    chairId: string,
    start: Date,
    patient?: { patientId: string; planId: string },
  ) {
    const ids = patient ?? (await newReadyPatient(app, w));
    const session = await bookOrFail(app, w, { ...ids, chairId }, start);
    const checkIn = await action(app, w.staff.nurse.token, session.id, 'check-in', {
      escortConfirmed: true,
      fastingConfirmed: true,
    });
    expect(checkIn.status).toBe(200);
    expect(
      (await action(app, w.staff.nurse.token, session.id, 'vitals', normalVitals)).status,
    ).toBe(201);
    return { sessionId: session.id, ...ids };
  }

  /** Ended with the planned dose 40 minutes after a (rewound) start, then 35 minutes of recovery. */
  async function inRecovery(w: ClinicWorld, sessionId: string) {
    await rewindStart(app, sessionId, 75);
    const planned = (
      await app.db.query<{ planned_dose_mg: string }>(
        `SELECT planned_dose_mg FROM infusion_sessions WHERE id = $1`,
        [sessionId],
      )
    ).rows[0]?.planned_dose_mg;
    const ended = await action(app, w.staff.nurse.token, sessionId, 'end', {
      administeredMg: Number(planned),
    });
    expect(ended.status).toBe(200);
    await app.db.query(
      `UPDATE infusion_sessions SET infusion_ended_at = infusion_ended_at - interval '35 minutes' WHERE id = $1`,
      [sessionId],
    );
  }

  async function discharged(w: ClinicWorld, sessionId: string) {
    await inRecovery(w, sessionId);
    await action(app, w.staff.nurse.token, sessionId, 'vitals', normalVitals);
    const res = await action(app, w.staff.clinician.token, sessionId, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
    });
    expect(res.status).toBe(200);
  }

  describe('check-in and start are judged again (point 1)', () => {
    it('should refuse a booking for tomorrow now, while the patient’s previous infusion runs, and after it by spacing', async () => {
      const patient = await newReadyPatient(app, world);
      const first = await checkedIn(world, await newChair(app, world), new Date(), patient);
      expect((await action(app, nurse(), first.sessionId, 'start', { lotId })).status).toBe(200);
      const tomorrow = await bookOrFail(
        app,
        world,
        { ...patient, chairId: await newChair(app, world) },
        minutesFromNow(25 * 60),
      );
      const body = { escortConfirmed: true, fastingConfirmed: true };

      const byNurse = await action(app, nurse(), tomorrow.id, 'check-in', body);
      expect(byNurse.status).toBe(422);
      expect(byNurse.body.code).toBe('CHECK_IN_REFUSED');
      expect(checks(byNurse.body)).toEqual([
        'PATIENT_IN_ANOTHER_SESSION',
        'SESSION_OUTSIDE_START_WINDOW',
      ]);
      const inTheWay = (byNurse.body.failedChecks as Check[]).find(
        (c) => c.check === 'PATIENT_IN_ANOTHER_SESSION',
      );
      expect(inTheWay).toMatchObject({
        overridable: false,
        conflictingSessionIds: [first.sessionId],
      });

      const overrides = [
        { check: 'SESSION_OUTSIDE_START_WINDOW', reason: 'Patient came a day early' },
      ];
      const nurseOverride = await action(app, nurse(), tomorrow.id, 'check-in', {
        ...body,
        overrides,
      });
      expect(nurseOverride.status).toBe(403);
      const stillRunning = await action(app, clinician(), tomorrow.id, 'check-in', {
        ...body,
        overrides,
      });
      expect(stillRunning.status).toBe(422);
      expect(checks(stillRunning.body)).toEqual(['PATIENT_IN_ANOTHER_SESSION']);

      await discharged(world, first.sessionId);
      const checkedInEarly = await action(app, clinician(), tomorrow.id, 'check-in', {
        ...body,
        overrides,
      });
      expect(checkedInEarly.status).toBe(200);
      expect(checkedInEarly.body.gateOverrides).toEqual([
        expect.objectContaining({
          check: 'SESSION_OUTSIDE_START_WINDOW',
          by: world.staff.clinician.id,
        }),
      ]);
      await action(app, nurse(), tomorrow.id, 'vitals', normalVitals);
      // §1.2: the first infusion started 75 minutes ago; the plan asks 24 hours between starts.
      const started = await action(app, clinician(), tomorrow.id, 'start', { lotId, overrides });
      expect(started.status).toBe(422);
      expect(checks(started.body)).toEqual(['INFUSION_SPACING_NOT_MET']);
      expect(started.body.failedChecks[0]).toMatchObject({
        overridable: false,
        conflictingSessionIds: [first.sessionId],
      });
      const { rows } = await app.db.query(
        `SELECT status, occupied_during FROM infusion_sessions WHERE id = $1`,
        [tomorrow.id],
      );
      expect(rows[0]).toEqual({ status: 'checked_in', occupied_during: null });
      const audit = await app.db.query(
        `SELECT details FROM audit_events WHERE resource_id = $1 AND action_name = 'check_in'`,
        [tomorrow.id],
      );
      expect(audit.rows).toEqual([
        { details: expect.objectContaining({ overridden: ['SESSION_OUTSIDE_START_WINDOW'] }) },
      ]);
    });

    it('should let exactly one of 10 concurrent starts in one chair through', async () => {
      const w = await newClinicWorld(app, root);
      await setClinicSettings(app, w, { maxPatientsPerNurse: 20, sessionStartEarlyMinutes: 1440 });
      const lot = await newLot(app, w, { receivedMg: 5000 });
      const chairId = await newChair(app, w);
      const sessions = [];
      for (let k = 0; k < 10; k++) {
        sessions.push(await checkedIn(w, chairId, minutesFromNow(k * 100 + 1)));
      }
      const results = await Promise.all(
        sessions.map((s) => action(app, w.staff.nurse.token, s.sessionId, 'start', { lotId: lot })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(9).fill(422)]);
      const winner = results.find((r) => r.status === 200)?.body.id as string;
      for (const refused of results.filter((r) => r.status === 422)) {
        expect(refused.body.failedChecks).toEqual([
          expect.objectContaining({ check: 'CHAIR_OCCUPIED', conflictingSessionIds: [winner] }),
        ]);
      }
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM infusion_sessions WHERE chair_id = $1 AND occupied_during IS NOT NULL`,
        [chairId],
      );
      expect(rows[0].n).toBe(1);
      // the lot gave exactly one draw
      const draws = await app.db.query(
        `SELECT count(*)::int AS n FROM controlled_substance_ledger_entries WHERE lot_id = $1 AND kind = 'draw'`,
        [lot],
      );
      expect(draws.rows[0].n).toBe(1);
    }, 120_000);

    it('should hold the nurse to the clinic’s ratio under concurrent starts, and free her at discharge', async () => {
      const w = await newClinicWorld(app, root);
      await setClinicSettings(app, w, {
        maxPatientsPerNurse: 2,
        sessionStartEarlyMinutes: 1440,
        minRecoveryMinutes: 30,
      });
      const lot = await newLot(app, w, { receivedMg: 5000 });
      const sessions = [];
      for (let k = 0; k < 6; k++) {
        sessions.push(await checkedIn(w, await newChair(app, w), minutesFromNow(k * 101 + 1)));
      }
      const results = await Promise.all(
        sessions.map((s) => action(app, w.staff.nurse.token, s.sessionId, 'start', { lotId: lot })),
      );
      // Every start beyond the ratio is the gate's 422 naming the two in the chair, never the
      // database's 409: a start that read its clock first but got the nurse's lock last still
      // sees the sessions that started a moment after its own time.
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 422, 422, 422, 422]);
      const running = results.filter((r) => r.status === 200).map((r) => r.body.id as string);
      for (const refused of results.filter((r) => r.status === 422)) {
        expect(refused.body.failedChecks).toEqual([
          expect.objectContaining({
            check: 'NURSE_AT_RATIO_LIMIT',
            overridable: false,
            conflictingSessionIds: [...running].sort(),
          }),
        ]);
      }
      // point 5: a discharge frees the nurse (and the chair) from that moment
      await discharged(w, running[0] as string);
      const waiting = sessions.find((s) => !running.includes(s.sessionId)) as { sessionId: string };
      const next = await action(app, w.staff.nurse.token, waiting.sessionId, 'start', {
        lotId: lot,
      });
      expect(next.status).toBe(200);
    }, 120_000);

    it('should judge a start over the whole time it claims: a start a moment later is in the way (422, not the database’s 409)', async () => {
      // What a concurrent start leaves when it read its clock after this one but took the locks
      // first (or ran on a server whose clock is ahead): its time in the chair begins just after
      // this start's own time. The database judges the open-ended range this start claims, so
      // the gate must too, and refuse with its 422 rather than let the constraints answer 409.
      const w = await newClinicWorld(app, root);
      await setClinicSettings(app, w, { maxPatientsPerNurse: 1, sessionStartEarlyMinutes: 1440 });
      const lot = await newLot(app, w, { receivedMg: 5000 });
      const chairId = await newChair(app, w);
      const first = await checkedIn(w, chairId, minutesFromNow(1));
      expect(
        (await action(app, w.staff.nurse.token, first.sessionId, 'start', { lotId: lot })).status,
      ).toBe(200);
      await app.db.query(
        `UPDATE infusion_sessions
            SET started_at = now() + interval '5 seconds',
                occupied_during = tstzrange(now() + interval '5 seconds', NULL)
          WHERE id = $1`,
        [first.sessionId],
      );

      const otherChair = await checkedIn(w, await newChair(app, w), minutesFromNow(101));
      const byNurse = await action(app, w.staff.nurse.token, otherChair.sessionId, 'start', {
        lotId: lot,
      });
      expect(byNurse.status).toBe(422);
      expect(byNurse.body.failedChecks).toEqual([
        expect.objectContaining({
          check: 'NURSE_AT_RATIO_LIMIT',
          conflictingSessionIds: [first.sessionId],
        }),
      ]);

      await setClinicSettings(app, w, { maxPatientsPerNurse: 2 });
      const sameChair = await checkedIn(w, chairId, minutesFromNow(202));
      const inChair = await action(app, w.staff.nurse.token, sameChair.sessionId, 'start', {
        lotId: lot,
      });
      expect(inChair.status).toBe(422);
      expect(inChair.body.failedChecks).toEqual([
        expect.objectContaining({
          check: 'CHAIR_OCCUPIED',
          conflictingSessionIds: [first.sessionId],
        }),
      ]);
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM infusion_sessions WHERE clinic_id = $1 AND occupied_during IS NOT NULL`,
        [w.clinicId],
      );
      expect(rows[0].n).toBe(1);
    }, 120_000);

    it('should hold one patient per chair in the database whatever writes the row', async () => {
      const chairId = await newChair(app, world);
      const a = await checkedIn(world, chairId, new Date());
      expect((await action(app, nurse(), a.sessionId, 'start', { lotId })).status).toBe(200);
      const b = await bookOrFail(
        app,
        world,
        { ...(await newReadyPatient(app, world)), chairId },
        minutesFromNow(200),
      );
      await expect(
        app.db.query(
          `UPDATE infusion_sessions SET occupied_during = tstzrange(now(), NULL) WHERE id = $1`,
          [b.id],
        ),
      ).rejects.toMatchObject({ code: '23P01', constraint: 'infusion_sessions_chair_occupied' });
    });
  });

  describe('stop thresholds act (point 2)', () => {
    it('should hold the infusion after a stop reading until a clinician decides, and record the decision', async () => {
      const s = await checkedIn(world, await newChair(app, world), new Date());
      expect((await action(app, nurse(), s.sessionId, 'start', { lotId })).status).toBe(200);
      const alert = await action(app, nurse(), s.sessionId, 'vitals', {
        ...normalVitals,
        systolic: 165,
      });
      expect(alert.body.flags).toEqual([expect.objectContaining({ level: 'alert' })]);
      const stop = await action(app, nurse(), s.sessionId, 'vitals', {
        ...normalVitals,
        systolic: 182,
        diastolic: 100,
        heartRate: 125,
        spo2: 89,
      });
      expect(stop.status).toBe(201);
      const detail = await app.http().get(`/api/v1/sessions/${s.sessionId}`).set(auth(nurse()));
      expect(detail.body.stopHoldId).toEqual(expect.any(String));
      expect(detail.body.stopThresholdHolds).toEqual([
        expect.objectContaining({
          vitalsId: stop.body.id,
          codes: ['SYSTOLIC_AT_STOP', 'HEART_RATE_AT_STOP', 'SPO2_AT_STOP'],
          decision: null,
        }),
      ]);
      expect((detail.body.vitalsAlerts as { level: string }[]).map((a) => a.level)).toEqual([
        'alert',
        'stop',
      ]);

      const resume = await action(app, nurse(), s.sessionId, 'infusion-events', {
        kind: 'rate_change',
        rateMgPerHour: 30,
      });
      expect(resume.status).toBe(422);
      expect(resume.body.code).toBe('STOP_DECISION_PENDING');
      await rewindStart(app, s.sessionId);
      const fullDose = await action(app, nurse(), s.sessionId, 'end', {
        administeredMg: detail.body.plannedDoseMg as number,
      });
      expect(fullDose.status).toBe(422);
      expect(checks(fullDose.body)).toEqual(['STOP_THRESHOLD_DECISION_PENDING']);
      // calling the full dose an early stop does not get it past the clinician either
      const relabelled = await action(app, nurse(), s.sessionId, 'end', {
        administeredMg: detail.body.plannedDoseMg as number,
        stoppedEarly: true,
        stopReason: 'Done',
      });
      expect(relabelled.status).toBe(422);
      expect(relabelled.body.code).toBe('STOP_DECISION_PENDING');
      expect(
        (
          await action(app, nurse(), s.sessionId, 'infusion-events', {
            kind: 'pause',
            reason: 'BP 182/100',
          })
        ).status,
      ).toBe(200);
      const byNurse = await action(app, nurse(), s.sessionId, 'stop-threshold-decision', {
        decision: 'resume',
        reason: 'Rechecked',
      });
      expect(byNurse.status).toBe(403);
      const resumed = await action(app, clinician(), s.sessionId, 'stop-threshold-decision', {
        decision: 'resume',
        reason: 'Recheck 150/92 after 5 min, asymptomatic; resume at half rate',
      });
      expect(resumed.status).toBe(200);
      expect(resumed.body.stopHoldId).toBeNull();
      expect(resumed.body.stopThresholdHolds[0]).toMatchObject({
        decision: 'resumed',
        decidedBy: world.staff.clinician.id,
        reason: expect.stringContaining('half rate'),
      });
      const again = await action(app, clinician(), s.sessionId, 'stop-threshold-decision', {
        decision: 'resume',
        reason: 'again',
      });
      expect(again.status).toBe(409);

      await action(app, nurse(), s.sessionId, 'vitals', { ...normalVitals, systolic: 185 });
      const stopped = await action(app, clinician(), s.sessionId, 'stop-threshold-decision', {
        decision: 'stop',
        reason: 'Systolic 185 despite pause',
        administeredMg: 20,
        wasteWitnessId: world.staff.nurse.id,
      });
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({
        status: 'recovery',
        stoppedEarly: true,
        stopReason: 'Systolic 185 despite pause',
        administeredMg: 20,
      });
      expect(
        (stopped.body.stopThresholdHolds as { decision: string }[]).map((h) => h.decision),
      ).toEqual(['resumed', 'stopped']);
      const audit = await app.db.query<{ action_name: string }>(
        `SELECT action_name FROM audit_events WHERE resource_id = $1 AND action_name IN ('stop_threshold_decision', 'end') ORDER BY occurred_at`,
        [s.sessionId],
      );
      expect(audit.rows.map((r) => r.action_name)).toEqual([
        'stop_threshold_decision',
        'stop_threshold_decision',
      ]);
    });
  });

  describe('plausible delivery (point 3)', () => {
    it('should refuse the full dose seconds into a 40-minute protocol and a draw far above the dose', async () => {
      const s = await checkedIn(world, await newChair(app, world), new Date());
      const greedy = await action(app, nurse(), s.sessionId, 'start', { lotId, drawnMg: 2000 });
      expect(greedy.status).toBe(422);
      expect(checks(greedy.body)).toEqual(['DRAW_EXCEEDS_DOSE']);
      // §1.1 by pump at a controlled rate: 2000 mg/h for 72.3 kg is 27.7 mg/kg/h
      const pushed = await action(app, nurse(), s.sessionId, 'start', {
        lotId,
        rateMgPerHour: 2000,
      });
      expect(checks(pushed.body)).toEqual(['RATE_ABOVE_MAXIMUM']);
      const ledger = await app.db.query(
        `SELECT count(*)::int AS n FROM controlled_substance_ledger_entries WHERE session_id = $1`,
        [s.sessionId],
      );
      expect(ledger.rows[0].n).toBe(0);

      const started = await action(app, nurse(), s.sessionId, 'start', { lotId });
      expect(started.status).toBe(200);
      const push = await action(app, nurse(), s.sessionId, 'end', {
        administeredMg: started.body.plannedDoseMg as number,
      });
      expect(push.status).toBe(422);
      expect(push.body.code).toBe('INFUSION_DELIVERY_IMPLAUSIBLE');
      expect(checks(push.body)).toEqual([
        'INFUSION_RATE_ABOVE_MAXIMUM',
        'INFUSION_SHORTER_THAN_PROTOCOL',
      ]);
      const { rows } = await app.db.query(`SELECT status FROM infusion_sessions WHERE id = $1`, [
        s.sessionId,
      ]);
      expect(rows[0].status).toBe('in_progress');

      await rewindStart(app, s.sessionId, 40);
      const ended = await action(app, nurse(), s.sessionId, 'end', {
        administeredMg: started.body.plannedDoseMg as number,
      });
      expect(ended.status).toBe(200);
      expect(ended.body.infusedMinutes).toBeCloseTo(40, 0);
      expect(ended.body.averageRateMgPerKgPerHour).toBeCloseTo(0.75, 1);
      // §3.2: no reading during the 40 minutes infused is a monitoring gap
      expect(ended.body.monitoringGaps).toEqual([
        expect.objectContaining({ phase: 'infusion', allowedMinutes: 10 }),
      ]);
      // point 5: the booking keeps the booked recovery after the real end, no more
      const booking = await app.db.query(
        `SELECT extract(epoch FROM upper(booked_during) - infusion_ended_at)::int AS after FROM infusion_sessions WHERE id = $1`,
        [s.sessionId],
      );
      expect(booking.rows[0].after).toBe(60 * 60);
    });

    it('should accept a short infusion recorded as an early stop with its reason', async () => {
      const s = await checkedIn(world, await newChair(app, world), new Date());
      expect((await action(app, nurse(), s.sessionId, 'start', { lotId })).status).toBe(200);
      const stopped = await action(app, nurse(), s.sessionId, 'end', {
        administeredMg: 5,
        stopReason: 'Distressing dissociation; patient asked to stop',
        wasteWitnessId: world.staff.clinician.id,
      });
      expect(stopped.status).toBe(200);
      expect(stopped.body.stoppedEarly).toBe(true);
    });
  });

  describe('discharge from what was observed, with clinician sign-off (point 4)', () => {
    it('should refuse MOAA/S 1 with dissociation, and an orientation the latest observation contradicts', async () => {
      const s = await checkedIn(world, await newChair(app, world), new Date());
      await action(app, nurse(), s.sessionId, 'start', { lotId });
      await inRecovery(world, s.sessionId);
      await action(app, nurse(), s.sessionId, 'vitals', {
        ...normalVitals,
        sedationScore: 1,
        dissociationObserved: true,
      });
      const body = { orientationConfirmed: true, escortPresent: true };
      const sedated = await action(app, clinician(), s.sessionId, 'discharge', body);
      expect(sedated.status).toBe(422);
      expect(checks(sedated.body)).toEqual([
        'DISSOCIATION_NOT_RESOLVED',
        'SEDATION_NOT_AT_BASELINE',
      ]);
      await action(app, nurse(), s.sessionId, 'vitals', { ...normalVitals, oriented: false });
      const confused = await action(app, clinician(), s.sessionId, 'discharge', body);
      expect(checks(confused.body)).toEqual(['ORIENTATION_CONTRADICTED']);
      const outOfScale = await action(app, nurse(), s.sessionId, 'vitals', {
        ...normalVitals,
        sedationScale: 'rass',
        sedationScore: 5,
      });
      expect(outOfScale.status).toBe(400);
      expect(outOfScale.body.code).toBe('SEDATION_SCORE_OUT_OF_SCALE');
      await action(app, nurse(), s.sessionId, 'vitals', {
        ...normalVitals,
        sedationScale: 'rass',
        sedationScore: 0,
        oriented: true,
      });

      const byNurse = await action(app, nurse(), s.sessionId, 'discharge', body);
      expect(byNurse.status).toBe(403);
      expect(byNurse.body.code).toBe('DISCHARGE_NEEDS_CLINICIAN');
      const prepared = await action(app, nurse(), s.sessionId, 'prepare-discharge', body);
      expect(prepared.status).toBe(200);
      expect(prepared.body).toMatchObject({
        status: 'recovery',
        dischargePreparedBy: world.staff.nurse.id,
        orientationConfirmed: true,
      });
      const confirmed = await action(app, clinician(), s.sessionId, 'discharge', {});
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({
        status: 'discharged',
        dischargedBy: world.staff.clinician.id,
        dischargeCosignDueAt: null,
      });
      const occupied = await app.db.query(
        `SELECT upper(occupied_during) AS freed, discharged_at FROM infusion_sessions WHERE id = $1`,
        [s.sessionId],
      );
      expect(occupied.rows[0].freed).toEqual(occupied.rows[0].discharged_at);
    });

    it('should let a nurse discharge under a co-signature policy, and sign only after the co-signature', async () => {
      const w = await newClinicWorld(app, root);
      await setClinicSettings(app, w, { dischargeCosignWindowHours: 4, minRecoveryMinutes: 30 });
      const lot = await newLot(app, w);
      const s = await checkedIn(w, await newChair(app, w), new Date());
      await action(app, w.staff.nurse.token, s.sessionId, 'start', { lotId: lot });
      await inRecovery(w, s.sessionId);
      await action(app, w.staff.nurse.token, s.sessionId, 'vitals', normalVitals);
      const byNurse = await action(app, w.staff.nurse.token, s.sessionId, 'discharge', {
        orientationConfirmed: true,
        escortPresent: true,
      });
      expect(byNurse.status).toBe(200);
      const due = new Date(byNurse.body.dischargeCosignDueAt as string).getTime();
      expect(due - new Date(byNurse.body.dischargedAt as string).getTime()).toBe(4 * 3_600_000);
      const worklist = (flag: string) =>
        app
          .http()
          .get('/api/v1/sessions')
          .query({ clinicId: w.clinicId, cosignPending: flag })
          .set(auth(w.staff.clinician.token));
      const pending = await worklist('true');
      expect((pending.body.data as { id: string }[]).map((x) => x.id)).toEqual([s.sessionId]);
      expect((await worklist('yes')).status).toBe(400);
      const early = await action(app, w.staff.clinician.token, s.sessionId, 'sign');
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('DISCHARGE_COSIGN_PENDING');
      const cosigned = await action(app, w.staff.clinician.token, s.sessionId, 'cosign-discharge');
      expect(cosigned.status).toBe(200);
      expect(cosigned.body.dischargeCosignedBy).toBe(w.staff.clinician.id);
      expect((await worklist('true')).body.data).toEqual([]);
      expect(((await worklist('false')).body.data as { id: string }[]).map((x) => x.id)).toContain(
        s.sessionId,
      );
      expect(
        (await action(app, w.staff.clinician.token, s.sessionId, 'cosign-discharge')).status,
      ).toBe(409);
      expect((await action(app, w.staff.clinician.token, s.sessionId, 'sign')).status).toBe(200);
    });
  });

  describe('check-in answers corrected before the start (point 7)', () => {
    it('should keep each correction with its reason, judge the corrected answer, and refuse after the start', async () => {
      const s = await checkedIn(world, await newChair(app, world), new Date());
      const empty = await action(app, nurse(), s.sessionId, 'correct-check-in', { reason: 'none' });
      expect(empty.status).toBe(400);
      const corrected = await action(app, nurse(), s.sessionId, 'correct-check-in', {
        escortConfirmed: false,
        fastingConfirmed: true,
        reason: 'Escort called: cannot come',
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ escortConfirmed: false, fastingConfirmed: true });
      expect(corrected.body.checkInCorrections).toEqual([
        {
          field: 'escortConfirmed',
          from: true,
          to: false,
          reason: 'Escort called: cannot come',
          by: world.staff.nurse.id,
          at: expect.any(String),
        },
      ]);
      const frontDesk = await app
        .http()
        .get(`/api/v1/sessions/${s.sessionId}`)
        .set(auth(world.staff.front_desk.token));
      expect(frontDesk.body).not.toHaveProperty('checkInCorrections');
      const blocked = await action(app, nurse(), s.sessionId, 'start', { lotId });
      expect(checks(blocked.body)).toEqual(['ESCORT_NOT_CONFIRMED']);
      await action(app, nurse(), s.sessionId, 'correct-check-in', {
        escortConfirmed: true,
        reason: 'Sister arrived to drive the patient home',
      });
      expect((await action(app, nurse(), s.sessionId, 'start', { lotId })).status).toBe(200);
      const late = await action(app, nurse(), s.sessionId, 'correct-check-in', {
        fastingConfirmed: false,
        reason: 'too late',
      });
      expect(late.status).toBe(409);
      const audit = await app.db.query<{ details: { fields: string[] } }>(
        `SELECT details FROM audit_events WHERE resource_id = $1 AND action_name = 'correct_check_in' ORDER BY occurred_at`,
        [s.sessionId],
      );
      expect(audit.rows.map((r) => r.details.fields)).toEqual([
        ['escortConfirmed'],
        ['escortConfirmed'],
      ]);
    });
  });

  describe('booking conflicts name the session in the way (point 5)', () => {
    it('should answer 409 with conflictingSessionIds for the chair and for the patient', async () => {
      const chairId = await newChair(app, world);
      const patient = await newReadyPatient(app, world);
      const start = minutesFromNow(3 * 24 * 60);
      const first = await bookOrFail(app, world, { ...patient, chairId }, start);
      const other = await newReadyPatient(app, world);
      const chairClash = await book(app, world.staff.front_desk.token, {
        ...other,
        chairId,
        nurseId: world.staff.nurse.id,
        scheduledStart: new Date(start.getTime() + 30 * 60_000).toISOString(),
      });
      expect(chairClash.status).toBe(409);
      expect(chairClash.body).toMatchObject({
        code: 'CHAIR_DOUBLE_BOOKED',
        conflictingSessionIds: [first.id],
      });
      const patientClash = await book(app, world.staff.front_desk.token, {
        ...patient,
        chairId: await newChair(app, world),
        nurseId: world.staff.nurse.id,
        scheduledStart: new Date(start.getTime() + 30 * 60_000).toISOString(),
      });
      expect(patientClash.body).toMatchObject({
        code: 'PATIENT_DOUBLE_BOOKED',
        conflictingSessionIds: [first.id],
      });
    });
  });
});
