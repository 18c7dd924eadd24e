import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import {
  action,
  book,
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

// What the database itself refuses, whatever code writes the rows: changes to a signed session
// (issue 4 point 8: signing locks the record) and a nurse beyond the clinic's ratio (point 2).
describe('session rules held by the database', () => {
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
  /** Started and ended with the planned dose given in full, ended 31 minutes ago. */
  const inRecovery = async () => {
    const s = await newSessionReadyToStart(app, world, await newChair(app, world));
    const started = await action(app, nurse(), s.sessionId, 'start', { lotId });
    expect(started.status).toBe(200);
    await rewindStart(app, s.sessionId);
    const ended = await action(app, nurse(), s.sessionId, 'end', {
      administeredMg: started.body.plannedDoseMg as number,
    });
    expect(ended.status).toBe(200);
    await app.db.query(
      `UPDATE infusion_sessions SET infusion_ended_at = infusion_ended_at - interval '31 minutes' WHERE id = $1`,
      [s.sessionId],
    );
    return s;
  };
  const discharge = (sessionId: string) =>
    action(app, clinician(), sessionId, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
    });

  it('should lock a signed session row in the database itself (409 SESSION_SIGNED in the API)', async () => {
    const { sessionId } = await inRecovery();
    await action(app, nurse(), sessionId, 'vitals', normalVitals);
    expect((await discharge(sessionId)).status).toBe(200);
    // before signing, the row may still change
    await app.db.query(`UPDATE infusion_sessions SET notes = 'before signing' WHERE id = $1`, [
      sessionId,
    ]);
    expect((await action(app, clinician(), sessionId, 'sign')).status).toBe(200);

    for (const sql of [
      `UPDATE infusion_sessions SET notes = 'after signing' WHERE id = $1`,
      `UPDATE infusion_sessions SET administered_mg = 1 WHERE id = $1`,
      `UPDATE infusion_sessions SET signed_at = NULL WHERE id = $1`,
      `DELETE FROM infusion_sessions WHERE id = $1`,
    ]) {
      await expect(app.db.query(sql, [sessionId])).rejects.toMatchObject({
        constraint: 'infusion_sessions_signed_lock',
      });
    }
    const { rows } = await app.db.query(
      `SELECT notes, signed_at IS NOT NULL AS signed FROM infusion_sessions WHERE id = $1`,
      [sessionId],
    );
    expect(rows).toEqual([{ notes: 'before signing', signed: true }]);
    const patch = await app
      .http()
      .patch(`/api/v1/sessions/${sessionId}`)
      .set(auth(nurse()))
      .send({ notes: 'late edit' });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('SESSION_SIGNED');
    // corrections still go in as addenda
    const addendum = await action(app, nurse(), sessionId, 'addenda', {
      reason: 'Correction',
      text: 'Pump log shows 36.0 mg',
    });
    expect(addendum.status).toBe(201);
    expect(addendum.headers.location).toBe(
      `/api/v1/sessions/${sessionId}/addenda/${addendum.body.id as string}`,
    );
    const read = await app
      .http()
      .get(addendum.headers.location as string)
      .set(auth(clinician()));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(addendum.body);
  });

  describe('the nurse ratio in the database', () => {
    let clinic: ClinicWorld;
    const day = (hour: number, minute = 0) => {
      const d = new Date();
      d.setUTCDate(d.getUTCDate() + 10);
      d.setUTCHours(hour, minute, 0, 0);
      return d;
    };
    /** A booking written straight to the table, past the booking service and its own check. */
    const insertRaw = async (start: Date, status = 'scheduled') => {
      const { patientId, planId } = await newReadyPatient(app, clinic);
      const chairId = await newChair(app, clinic);
      return app.db.query(
        `INSERT INTO infusion_sessions (clinic_id, patient_id, plan_id, plan_phase, plan_amendment_number,
           chair_id, nurse_id, status, scheduled_start, infusion_minutes, recovery_minutes, booked_during,
           scheduled_by)
         VALUES ($1, $2, $3, 'induction', 1, $4, $5, $6, $7, 40, 60,
           tstzrange($7, $7::timestamptz + interval '100 minutes'), $5)`,
        [clinic.clinicId, patientId, planId, chairId, clinic.staff.nurse.id, status, start],
      );
    };

    beforeAll(async () => {
      clinic = await newClinicWorld(app, root); // maxPatientsPerNurse unset: the default 2
      for (const start of [day(8), day(8, 30)]) {
        const p = await newReadyPatient(app, clinic);
        await bookOrFail(app, clinic, { ...p, chairId: await newChair(app, clinic) }, start);
      }
    }, 60_000);

    it('should refuse a raw insert that would give the nurse a third patient at once', async () => {
      await expect(insertRaw(day(9))).rejects.toMatchObject({
        code: '23P01',
        constraint: 'infusion_sessions_nurse_ratio',
      });
      // no overlap with both, a cancelled booking, or after the clinic raises its ratio: allowed
      await insertRaw(day(9, 45)); // 09:45, after the 08:00 one ended at 09:40
      await insertRaw(day(8, 15), 'cancelled');
      await setClinicSettings(app, clinic, { maxPatientsPerNurse: 3 });
      await insertRaw(day(9));
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM infusion_sessions WHERE nurse_id = $1 AND status <> 'cancelled'`,
        [clinic.staff.nurse.id],
      );
      expect(rows[0].n).toBe(4);
    }, 60_000);

    it('should refuse moving a booking onto a full nurse, but never block a booking already held', async () => {
      const p = await newReadyPatient(app, clinic);
      const moved = await book(app, clinic.staff.front_desk.token, {
        ...p,
        chairId: await newChair(app, clinic),
        nurseId: clinic.staff.clinician.id,
        scheduledStart: day(8, 10).toISOString(),
      });
      expect(moved.status).toBe(201);
      // 08:10–09:50 would make four at 09:00 for a nurse allowed three
      await expect(
        app.db.query(`UPDATE infusion_sessions SET nurse_id = $2 WHERE id = $1`, [
          moved.body.id,
          clinic.staff.nurse.id,
        ]),
      ).rejects.toMatchObject({ constraint: 'infusion_sessions_nurse_ratio' });
      // lowering the ratio later does not block the sessions already booked from moving on
      await setClinicSettings(app, clinic, { maxPatientsPerNurse: 1 });
      const held = await app.db.query(
        `UPDATE infusion_sessions SET status = 'checked_in' WHERE nurse_id = $1 AND status = 'scheduled'`,
        [clinic.staff.nurse.id],
      );
      expect(held.rowCount).toBe(4);
    }, 60_000);
  });
});
