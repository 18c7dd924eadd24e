import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld, ROLES } from 'test/support/fixtures';
import {
  action,
  book,
  bookOrFail,
  newChair,
  newReadyPatient,
  setClinicSettings,
} from 'test/support/sessions.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

const day = (n: number, hour = 15) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

describe('session scheduling', () => {
  let app: TestApp;
  let root: string;
  let world: ClinicWorld;
  let other: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    other = await newClinicWorld(app, root);
    await setClinicSettings(app, world, { maxPatientsPerNurse: 20 });
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  it('should book chair time = protocol infusion + clinic booked recovery, with audit', async () => {
    const chairId = await newChair(app, world);
    const { patientId, planId } = await newReadyPatient(app, world);
    const start = day(30);
    const res = await book(app, world.staff.front_desk.token, {
      patientId,
      planId,
      chairId,
      nurseId: world.staff.nurse.id,
      scheduledStart: start.toISOString(),
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/sessions/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'scheduled',
      planPhase: 'induction',
      infusionMinutes: 40,
      recoveryMinutes: 60,
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 100 * 60_000).toISOString(),
      view: 'scheduling',
    });
    // minimum necessary: the front desk's copy leaves the clinical record out
    for (const clinical of [
      'vitals',
      'plannedDoseMg',
      'infusionEndedAt',
      'stoppedEarly',
      'stopReason',
      'cancelReason',
    ]) {
      expect(res.body).not.toHaveProperty(clinical);
    }
    const full = await app
      .http()
      .get(`/api/v1/sessions/${res.body.id}`)
      .set(auth(world.staff.nurse.token));
    expect(full.body).toMatchObject({
      view: 'full',
      vitals: [],
      monitoringGaps: [],
      plannedDoseMg: null,
    });
    const { rows } = await app.db.query(
      `SELECT lower(booked_during) AS s, upper(booked_during) AS e FROM infusion_sessions WHERE id = $1`,
      [res.body.id],
    );
    expect((rows[0].e as Date).getTime() - (rows[0].s as Date).getTime()).toBe(100 * 60_000);
    const audit = await app.db.query(
      `SELECT action, actor_id FROM audit_events WHERE resource_id = $1 AND resource_type = 'InfusionSession' ORDER BY occurred_at`,
      [res.body.id],
    );
    expect(audit.rows).toEqual([
      { action: 'create', actor_id: world.staff.front_desk.id },
      { action: 'read', actor_id: world.staff.nurse.id },
    ]);
  });

  it('should let exactly one of many parallel bookings of one chair and time win (the rest 409)', async () => {
    const chairId = await newChair(app, world);
    const patients = [];
    for (let i = 0; i < 6; i++) {
      patients.push(await newReadyPatient(app, world));
    }
    const start = day(31).toISOString();
    const responses = await Promise.all(
      patients.map((p) =>
        book(app, world.staff.front_desk.token, {
          ...p,
          chairId,
          nurseId: world.staff.nurse.id,
          scheduledStart: start,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe('CHAIR_DOUBLE_BOOKED');
    }
    const { rows } = await app.db.query(
      `SELECT count(*)::int AS n FROM infusion_sessions WHERE chair_id = $1`,
      [chairId],
    );
    expect(rows[0].n).toBe(1);
  }, 120_000);

  it('should refuse an overlapping booking of the same patient (PATIENT_DOUBLE_BOOKED)', async () => {
    // No spacing at all, so that the overlap itself is what refuses: plans may not go below the
    // clinic's minHoursBetweenInfusions, so this clinic sets it to 0.
    const clinic = await newClinicWorld(app, root);
    await setClinicSettings(app, clinic, { minHoursBetweenInfusions: 0 });
    const { patientId, planId } = await newReadyPatient(app, clinic, {
      plan: { induction: { plannedInfusions: 6, windowDays: 21, minHoursBetweenInfusions: 0 } },
    });
    await bookOrFail(
      app,
      clinic,
      { patientId, planId, chairId: await newChair(app, clinic) },
      day(32),
    );
    const res = await book(app, clinic.staff.front_desk.token, {
      patientId,
      planId,
      chairId: await newChair(app, clinic),
      nurseId: clinic.staff.nurse.id,
      scheduledStart: new Date(day(32).getTime() + 30 * 60_000).toISOString(),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PATIENT_DOUBLE_BOOKED');
  });

  it('should refuse a booking inside the plan’s minimum spacing (INFUSION_SPACING)', async () => {
    const { patientId, planId } = await newReadyPatient(app, world);
    await bookOrFail(
      app,
      world,
      { patientId, planId, chairId: await newChair(app, world) },
      day(33, 9),
    );
    const res = await book(app, world.staff.front_desk.token, {
      patientId,
      planId,
      chairId: await newChair(app, world),
      nurseId: world.staff.nurse.id,
      scheduledStart: day(33, 20).toISOString(),
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'INFUSION_SPACING', minHoursBetweenInfusions: 24 });
  });

  it('should refuse booking past the phase’s planned count (PLAN_PHASE_COMPLETE)', async () => {
    const { patientId, planId } = await newReadyPatient(app, world, {
      plan: { induction: { plannedInfusions: 2, windowDays: 21, minHoursBetweenInfusions: 24 } },
    });
    const chairId = await newChair(app, world);
    await bookOrFail(app, world, { patientId, planId, chairId }, day(40));
    await bookOrFail(app, world, { patientId, planId, chairId }, day(42));
    const third = await book(app, world.staff.front_desk.token, {
      patientId,
      planId,
      chairId,
      nurseId: world.staff.nurse.id,
      scheduledStart: day(44).toISOString(),
    });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'PLAN_PHASE_COMPLETE', planned: 2, booked: 2 });
  });

  it('should refuse a plan that is not the patient’s (400) and unknown ids (404)', async () => {
    const a = await newReadyPatient(app, world);
    const b = await newReadyPatient(app, world);
    const chairId = await newChair(app, world);
    const mismatch = await book(app, world.staff.front_desk.token, {
      patientId: a.patientId,
      planId: b.planId,
      chairId,
      nurseId: world.staff.nurse.id,
      scheduledStart: day(50).toISOString(),
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('PLAN_PATIENT_MISMATCH');
    const badNurse = await book(app, world.staff.front_desk.token, {
      ...a,
      chairId,
      nurseId: world.staff.front_desk.id,
      scheduledStart: day(50).toISOString(),
    });
    expect(badNurse.status).toBe(400);
    expect(badNurse.body.code).toBe('NURSE_INVALID');
    const invalid = await app
      .http()
      .post('/api/v1/sessions')
      .set(auth(world.staff.front_desk.token))
      .send({ ...a, chairId, nurseId: 'x', scheduledStart: 'tomorrow' });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'nurseId',
      'scheduledStart',
    ]);
  });

  it('should reschedule keeping history, cancel and mark no-shows; illegal moves answer 409', async () => {
    const { patientId, planId } = await newReadyPatient(app, world);
    const chairId = await newChair(app, world);
    const otherChair = await newChair(app, world);
    const s = await bookOrFail(app, world, { patientId, planId, chairId }, day(60));
    const moved = await app
      .http()
      .post(`/api/v1/sessions/${s.id}/reschedule`)
      .set({ ...auth(world.staff.front_desk.token), 'If-Match': '"1"' })
      .send({ scheduledStart: day(61).toISOString(), chairId: otherChair, reason: 'asked' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      chairId: otherChair,
      scheduledStart: day(61).toISOString(),
    });
    expect(moved.body.scheduleChanges).toEqual([
      expect.objectContaining({
        previousStart: day(60).toISOString(),
        previousChairId: chairId,
        newChairId: otherChair,
        reason: 'asked',
        changedBy: world.staff.front_desk.id,
      }),
    ]);
    const stale = await app
      .http()
      .post(`/api/v1/sessions/${s.id}/reschedule`)
      .set({ ...auth(world.staff.front_desk.token), 'If-Match': '"1"' })
      .send({ scheduledStart: day(62).toISOString() });
    expect(stale.status).toBe(412);

    const start = await action(app, world.staff.nurse.token, s.id, 'start', {
      lotId: '00000000-0000-4000-8000-000000000000',
    });
    expect(start.status).toBe(409);
    expect(start.body.code).toBe('ILLEGAL_TRANSITION');

    const cancelled = await action(app, world.staff.front_desk.token, s.id, 'cancel', {
      reason: 'unwell',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: world.staff.front_desk.id,
      view: 'scheduling',
    });
    // the free-text reason may be clinical: only clinical staff read it
    expect(cancelled.body).not.toHaveProperty('cancelReason');
    const asNurse = await app
      .http()
      .get(`/api/v1/sessions/${s.id}`)
      .set(auth(world.staff.nurse.token));
    expect(asNurse.body.cancelReason).toBe('unwell');
    const again = await action(app, world.staff.front_desk.token, s.id, 'cancel', { reason: 'x' });
    expect(again.status).toBe(409);
    // the cancelled slot is free again
    await bookOrFail(app, world, { patientId, planId, chairId: otherChair }, day(61));

    const t = await newReadyPatient(app, world);
    const ns = await bookOrFail(app, world, { ...t, chairId }, day(63));
    const noShow = await action(app, world.staff.front_desk.token, ns.id, 'no-show');
    expect(noShow.status).toBe(200);
    expect(noShow.body.status).toBe('no_show');
    const checkIn = await action(app, world.staff.nurse.token, ns.id, 'check-in', {
      escortConfirmed: true,
      fastingConfirmed: true,
    });
    expect(checkIn.status).toBe(409);
  });

  it('should list free chair time for a day, excluding booked time', async () => {
    const chairId = await newChair(app, world, 'Availability chair');
    const { patientId, planId } = await newReadyPatient(app, world);
    const date = day(70);
    await bookOrFail(app, world, { patientId, planId, chairId }, day(70, 15));
    const dateString = date.toISOString().slice(0, 10);
    const res = await app
      .http()
      .get(`/api/v1/clinics/${world.clinicId}/availability?date=${dateString}&minMinutes=100`)
      .set(auth(world.staff.front_desk.token));
    expect(res.status).toBe(200);
    const chair = (
      res.body.chairs as { chairId: string; free: { start: string; end: string }[] }[]
    ).find((c) => c.chairId === chairId);
    expect(chair).toBeDefined();
    const booked = day(70, 15).getTime();
    for (const f of chair!.free) {
      const overlaps =
        new Date(f.start).getTime() < booked + 100 * 60_000 && new Date(f.end).getTime() > booked;
      expect(overlaps).toBe(false);
    }
    expect(chair!.free.some((f) => f.end === day(70, 15).toISOString())).toBe(true);
    const bad = await app
      .http()
      .get(`/api/v1/clinics/${world.clinicId}/availability?date=soon`)
      .set(auth(world.staff.front_desk.token));
    expect(bad.status).toBe(400);
  });

  it('should refuse deactivating a chair with bookings and booking a deactivated chair', async () => {
    const chairId = await newChair(app, world);
    const { patientId, planId } = await newReadyPatient(app, world);
    const s = await bookOrFail(app, world, { patientId, planId, chairId }, day(80));
    const admin = auth(world.staff.admin.token);
    const refused = await app
      .http()
      .post(`/api/v1/clinics/${world.clinicId}/chairs/${chairId}/deactivate`)
      .set(admin);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CHAIR_HAS_BOOKINGS');
    await action(app, world.staff.front_desk.token, s.id, 'cancel', { reason: 'moved' });
    const ok = await app
      .http()
      .post(`/api/v1/clinics/${world.clinicId}/chairs/${chairId}/deactivate`)
      .set(admin);
    expect(ok.status).toBe(200);
    const res = await book(app, world.staff.front_desk.token, {
      patientId,
      planId,
      chairId,
      nurseId: world.staff.nurse.id,
      scheduledStart: day(81).toISOString(),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CHAIR_INACTIVE');
  });

  it('should refuse booking or moving a session into the past (400), allowing a little clock skew', async () => {
    const { patientId, planId } = await newReadyPatient(app, world);
    const chairId = await newChair(app, world);
    const past = await book(app, world.staff.front_desk.token, {
      patientId,
      planId,
      chairId,
      nurseId: world.staff.nurse.id,
      scheduledStart: new Date(Date.now() - 60 * 60_000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({
      code: 'SCHEDULED_START_IN_PAST',
      errors: [expect.objectContaining({ field: 'scheduledStart' })],
    });
    const skewed = await bookOrFail(
      app,
      world,
      { patientId, planId, chairId },
      new Date(Date.now() - 60_000),
    );
    const moved = await action(app, world.staff.front_desk.token, skewed.id, 'reschedule', {
      scheduledStart: day(-1).toISOString(),
    });
    expect(moved.status).toBe(400);
    expect(moved.body.code).toBe('SCHEDULED_START_IN_PAST');
    const { rows } = await app.db.query(
      `SELECT count(*)::int AS n FROM infusion_sessions WHERE patient_id = $1`,
      [patientId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('should lock the chair while booking, so a concurrent deactivation wins or waits', async () => {
    const chairId = await newChair(app, world);
    const { patientId, planId } = await newReadyPatient(app, world);
    const deactivating = await app.db.connect();
    try {
      await deactivating.query('BEGIN');
      await deactivating.query(
        `UPDATE chairs SET active = false, deactivated_at = now(), deactivated_by = $2 WHERE id = $1`,
        [chairId, world.staff.admin.id],
      );
      const booking = book(app, world.staff.front_desk.token, {
        patientId,
        planId,
        chairId,
        nurseId: world.staff.nurse.id,
        scheduledStart: day(85).toISOString(),
      }).then((r) => r); // sent now, awaited below
      // the booking waits for the chair row the deactivation holds (without the lock it would
      // never wait, read the chair as still active and book it)
      let waiting = 0;
      while (waiting === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const { rows } = await app.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%chairs%'`,
        );
        waiting = (rows[0] as { n: number }).n;
      }
      await deactivating.query('COMMIT');
      const res = await booking;
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CHAIR_INACTIVE');
    } finally {
      deactivating.release();
    }
  });

  it('should book the clinic’s own recovery time (bookedRecoveryMinutes, §1.2)', async () => {
    await setClinicSettings(app, world, { bookedRecoveryMinutes: 30 });
    try {
      const { patientId, planId } = await newReadyPatient(app, world, {
        plan: {
          protocol: {
            doseMgPerKg: 0.5,
            infusionMinutes: 60,
            ceilingMgPerKg: 0.75,
            weightBasis: 'actual',
            titrationStepsMgPerKg: [],
          },
        },
      });
      const s = await bookOrFail(
        app,
        world,
        { patientId, planId, chairId: await newChair(app, world) },
        day(95),
      );
      expect(s).toMatchObject({ infusionMinutes: 60, recoveryMinutes: 30 });
      expect(s.scheduledEnd).toBe(new Date(day(95).getTime() + 90 * 60_000).toISOString());
    } finally {
      await setClinicSettings(app, world, { bookedRecoveryMinutes: 60 });
    }
  });

  it('should hide sessions from other clinics (404) and never list them', async () => {
    const { patientId, planId } = await newReadyPatient(app, world);
    const s = await bookOrFail(
      app,
      world,
      { patientId, planId, chairId: await newChair(app, world) },
      day(90),
    );
    for (const role of ROLES) {
      const token = other.staff[role].token;
      expect((await app.http().get(`/api/v1/sessions/${s.id}`).set(auth(token))).status).toBe(404);
      expect((await action(app, token, s.id, 'cancel', { reason: 'x' })).status).toBe(
        role === 'admin' || role === 'clinician' || role === 'nurse' || role === 'front_desk'
          ? 404
          : 403,
      );
      const list = await app.http().get('/api/v1/sessions').set(auth(token));
      expect((list.body.data as { id: string }[]).map((x) => x.id)).not.toContain(s.id);
    }
    // booking in another clinic with this clinic's plan: the plan is not found
    const foreign = await book(app, other.staff.front_desk.token, {
      patientId,
      planId,
      chairId: await newChair(app, other),
      nurseId: other.staff.nurse.id,
      scheduledStart: day(91).toISOString(),
    });
    expect(foreign.status).toBe(404);
    expect(
      (
        await app
          .http()
          .get(`/api/v1/clinics/${world.clinicId}/availability?date=2030-01-01`)
          .set(auth(other.staff.admin.token))
      ).status,
    ).toBe(404);
  });
});

describe('nurse ratio under concurrency', () => {
  let app: TestApp;
  let world: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    world = await newClinicWorld(app, await loginAsRootAdmin(app));
    await setClinicSettings(app, world, { maxPatientsPerNurse: 2 });
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  it('should let exactly maxPatientsPerNurse parallel overlapping bookings of one nurse win', async () => {
    const setups = [];
    for (let i = 0; i < 5; i++) {
      setups.push({ ...(await newReadyPatient(app, world)), chairId: await newChair(app, world) });
    }
    const start = day(5).toISOString();
    const responses = await Promise.all(
      setups.map((s) =>
        book(app, world.staff.front_desk.token, {
          ...s,
          nurseId: world.staff.nurse.id,
          scheduledStart: start,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409]);
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe('NURSE_RATIO_EXCEEDED');
    }
  }, 120_000);

  it('should count only sessions that overlap at the same instant', async () => {
    const nurse = world.staff.clinician; // a clinician may monitor too
    const mk = async (start: Date) => {
      const p = await newReadyPatient(app, world);
      return book(app, world.staff.front_desk.token, {
        ...p,
        chairId: await newChair(app, world),
        nurseId: nurse.id,
        scheduledStart: start.toISOString(),
      });
    };
    const base = day(7, 8);
    expect((await mk(base)).status).toBe(201); // 08:00–09:40
    expect((await mk(new Date(base.getTime() + 90 * 60_000))).status).toBe(201); // 09:30–11:10
    // 09:35 overlaps both at 09:35 → 3 at once
    const third = await mk(new Date(base.getTime() + 95 * 60_000));
    expect(third.status).toBe(409);
    // 09:45–11:25 overlaps only the second (the first ended 09:40)
    expect((await mk(new Date(base.getTime() + 105 * 60_000))).status).toBe(201);
  }, 60_000);
});
