import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import {
  action,
  book,
  newChair,
  newLot,
  newReadyPatient,
  normalVitals,
  setClinicSettings,
} from 'test/support/sessions.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

type Check = { check: string };
const checks = (body: { failedChecks?: Check[] }) =>
  (body.failedChecks ?? []).map((c) => c.check).sort();
const REASON = 'EHR downtime, charted on the paper flowsheet';

/**
 * Issue 9 point 6: care that happened during downtime is entered afterwards with the time it
 * happened; every gate is judged at that time (../shared/domain/ketamine-clinic.md §1.2, §3.2,
 * §4.1), so a late entry cannot pass what a live one could not.
 */
describe('late entries', () => {
  let app: TestApp;
  let world: ClinicWorld;
  let lotId: string;
  let chairId: string;
  const T = new Date(Date.now() - 4 * 3_600_000);
  const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000).toISOString();

  beforeAll(async () => {
    app = await startTestApp();
    const root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    await setClinicSettings(app, world, { maxPatientsPerNurse: 20 });
    lotId = await newLot(app, world);
    chairId = await newChair(app, world);
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const nurse = () => world.staff.nurse.token;
  const clinician = () => world.staff.clinician.token;

  /**
   * The patient was screened and consented the day before the downtime: the consent and the
   * screening that counted are judged at the stated time too. (Signed screenings are append-only,
   * so the fixture moves them with the triggers off, in its own transaction.)
   */
  async function consentedBefore(patientId: string) {
    const client = await app.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `UPDATE consents SET signed_at = signed_at - interval '1 day' WHERE patient_id = $1`,
        [patientId],
      );
      await client.query(
        `UPDATE screenings SET screened_at = screened_at - interval '1 day' WHERE patient_id = $1`,
        [patientId],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  async function bookLate(patient: { patientId: string; planId: string }, start: string) {
    return book(app, world.staff.nurse.token, {
      ...patient,
      chairId,
      nurseId: world.staff.nurse.id,
      scheduledStart: start,
      lateEntryReason: REASON,
    } as Parameters<typeof book>[2]);
  }

  it('should record a whole session that was never booked, judging each step at its stated time', async () => {
    const patient = await newReadyPatient(app, world);
    const unbooked = await book(app, nurse(), {
      ...patient,
      chairId,
      nurseId: world.staff.nurse.id,
      scheduledStart: at(0),
    });
    expect(unbooked.status).toBe(400);
    expect(unbooked.body.code).toBe('SCHEDULED_START_IN_PAST');
    const tooOld = await bookLate(patient, new Date(Date.now() - 73 * 3_600_000).toISOString());
    expect(tooOld.status).toBe(422);
    expect(tooOld.body.code).toBe('LATE_ENTRY_OUTSIDE_WINDOW');

    await consentedBefore(patient.patientId);
    const booked = await bookLate(patient, at(0));
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    expect(booked.body.lateEntries).toEqual([
      expect.objectContaining({ step: 'book', occurredAt: at(0), reason: REASON }),
    ]);

    const noReason = await action(app, nurse(), id, 'check-in', {
      escortConfirmed: true,
      fastingConfirmed: true,
      occurredAt: at(-10),
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('LATE_ENTRY_REASON_REQUIRED');
    const checkedIn = await action(app, nurse(), id, 'check-in', {
      escortConfirmed: true,
      fastingConfirmed: true,
      occurredAt: at(-10),
      lateEntryReason: REASON,
    });
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body.checkedInAt).toBe(at(-10));

    const pre = await action(app, nurse(), id, 'vitals', {
      ...normalVitals,
      takenAt: at(-5),
      lateEntryReason: REASON,
    });
    expect(pre.body).toMatchObject({ phase: 'pre', lateEntryReason: REASON });
    const beforeCheckIn = await action(app, nurse(), id, 'start', {
      lotId,
      occurredAt: at(-20),
      lateEntryReason: REASON,
    });
    expect(beforeCheckIn.status).toBe(422);
    expect(beforeCheckIn.body.code).toBe('LATE_ENTRY_OUT_OF_ORDER');
    const started = await action(app, nurse(), id, 'start', {
      lotId,
      occurredAt: at(0),
      lateEntryReason: REASON,
    });
    expect(started.status).toBe(200);
    expect(started.body.startedAt).toBe(at(0));

    // §1.1: the full dose 5 minutes into the stated start is not a completed infusion
    const planned = started.body.plannedDoseMg as number;
    const push = await action(app, nurse(), id, 'end', {
      administeredMg: planned,
      occurredAt: at(5),
      lateEntryReason: REASON,
    });
    expect(push.status).toBe(422);
    expect(checks(push.body)).toEqual([
      'INFUSION_RATE_ABOVE_MAXIMUM',
      'INFUSION_SHORTER_THAN_PROTOCOL',
    ]);
    for (const minute of [10, 20, 30]) {
      const during = await action(app, nurse(), id, 'vitals', {
        ...normalVitals,
        takenAt: at(minute),
        lateEntryReason: REASON,
      });
      expect(during.body.phase).toBe('infusion');
    }
    // steps are entered in the order they happened, before the readings that came after them
    const beforeReadings = await action(app, nurse(), id, 'end', {
      administeredMg: planned,
      occurredAt: at(25),
      lateEntryReason: REASON,
    });
    expect(beforeReadings.status).toBe(422);
    expect(beforeReadings.body.code).toBe('LATE_ENTRY_OUT_OF_ORDER');
    const ended = await action(app, nurse(), id, 'end', {
      administeredMg: planned,
      occurredAt: at(40),
      lateEntryReason: REASON,
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ infusionEndedAt: at(40), infusedMinutes: 40 });

    // §4.1: five minutes after the stated end is not enough recovery, whenever it is entered
    await action(app, nurse(), id, 'vitals', {
      ...normalVitals,
      takenAt: at(44),
      lateEntryReason: REASON,
    });
    const early = await action(app, clinician(), id, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
      occurredAt: at(45),
      lateEntryReason: REASON,
    });
    expect(early.status).toBe(422);
    expect(checks(early.body)).toEqual(['RECOVERY_TIME_NOT_MET']);
    await action(app, nurse(), id, 'vitals', {
      ...normalVitals,
      takenAt: at(70),
      lateEntryReason: REASON,
    });
    const discharged = await action(app, clinician(), id, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
      occurredAt: at(72),
      lateEntryReason: REASON,
    });
    expect(discharged.status).toBe(200);
    expect(discharged.body.dischargedAt).toBe(at(72));
    expect((discharged.body.lateEntries as { step: string }[]).map((e) => e.step)).toEqual([
      'book',
      'check_in',
      'start',
      'end',
      'discharge',
    ]);
    // §3.2 from the stated times: 40 → 70 minutes without a reading in recovery
    expect(discharged.body.monitoringGaps).toEqual([
      expect.objectContaining({ phase: 'recovery', minutes: 26 }),
    ]);
    const { rows } = await app.db.query<{ s: Date; e: Date }>(
      `SELECT lower(occupied_during) AS s, upper(occupied_during) AS e FROM infusion_sessions WHERE id = $1`,
      [id],
    );
    expect([rows[0]?.s.toISOString(), rows[0]?.e.toISOString()]).toEqual([at(0), at(72)]);
    const audit = await app.db.query<{ details: { lateEntry?: { occurredAt: string } } }>(
      `SELECT details FROM audit_events WHERE resource_id = $1 AND action_name = 'start'`,
      [id],
    );
    expect(audit.rows[0]?.details.lateEntry).toEqual({ occurredAt: at(0) });
  });

  it('should refuse a late start in a chair another patient held at that time', async () => {
    const detail = await app.http().get('/api/v1/sessions').query({ chairId }).set(auth(nurse()));
    const first = (detail.body.data as { id: string; status: string }[]).find(
      (s) => s.status === 'discharged',
    ) as { id: string };
    const other = await newReadyPatient(app, world);
    await consentedBefore(other.patientId);
    const booked = await bookLate(other, at(120));
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    const early = [{ check: 'SESSION_OUTSIDE_START_WINDOW', reason: 'Came early, on paper' }];
    const checkedIn = await action(app, clinician(), id, 'check-in', {
      escortConfirmed: true,
      fastingConfirmed: true,
      occurredAt: at(20),
      lateEntryReason: REASON,
      overrides: early,
    });
    expect(checkedIn.status).toBe(200);
    await action(app, nurse(), id, 'vitals', {
      ...normalVitals,
      takenAt: at(25),
      lateEntryReason: REASON,
    });
    const clash = await action(app, clinician(), id, 'start', {
      lotId,
      occurredAt: at(30),
      lateEntryReason: REASON,
      overrides: early,
    });
    expect(clash.status).toBe(422);
    expect(clash.body.failedChecks).toEqual([
      expect.objectContaining({ check: 'CHAIR_OCCUPIED', conflictingSessionIds: [first.id] }),
    ]);
  });

  it('should refuse a late discharge whose stated stay overlaps another patient in the chair, naming them', async () => {
    const list = await app.http().get('/api/v1/sessions').query({ chairId }).set(auth(nurse()));
    const first = (list.body.data as { id: string; status: string }[]).find(
      (s) => s.status === 'discharged',
    ) as { id: string };
    const patient = await newReadyPatient(app, world);
    await consentedBefore(patient.patientId);
    const otherChair = await newChair(app, world);
    const booked = await book(app, nurse(), {
      ...patient,
      chairId: otherChair,
      nurseId: world.staff.nurse.id,
      scheduledStart: at(-160),
      lateEntryReason: REASON,
    } as Parameters<typeof book>[2]);
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    const late = { lateEntryReason: REASON };
    await action(app, nurse(), id, 'check-in', {
      escortConfirmed: true,
      fastingConfirmed: true,
      occurredAt: at(-165),
      ...late,
    });
    await action(app, nurse(), id, 'vitals', { ...normalVitals, takenAt: at(-155), ...late });
    const started = await action(app, nurse(), id, 'start', {
      lotId,
      occurredAt: at(-150),
      ...late,
    });
    expect(started.status).toBe(200);
    const ended = await action(app, nurse(), id, 'end', {
      administeredMg: started.body.plannedDoseMg as number,
      occurredAt: at(-110),
      ...late,
    });
    expect(ended.status).toBe(200);
    await action(app, nurse(), id, 'vitals', { ...normalVitals, takenAt: at(5), ...late });
    // whatever writes the rows: the first session (in its chair from T to T+72) is moved here
    await app.db.query(`UPDATE infusion_sessions SET chair_id = $2 WHERE id = $1`, [
      first.id,
      otherChair,
    ]);
    // the patient is recorded in the chair until T+10, when the first session held it from T
    const overlapping = await action(app, clinician(), id, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
      occurredAt: at(10),
      ...late,
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body).toMatchObject({
      code: 'CHAIR_OCCUPIED',
      conflictingSessionIds: [first.id],
    });
    const { rows } = await app.db.query(
      `SELECT status, occupied_during FROM infusion_sessions WHERE id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ status: 'recovery', occupied_during: null });
    await app.db.query(`UPDATE infusion_sessions SET chair_id = $2 WHERE id = $1`, [
      first.id,
      chairId,
    ]);
  });

  it('should judge a late start over its stated time to now: a later start in the chair is in the way', async () => {
    const w = await newClinicWorld(app, await loginAsRootAdmin(app));
    await setClinicSettings(app, w, { maxPatientsPerNurse: 20 });
    const lot = await newLot(app, w);
    const chair = await newChair(app, w);
    const late = { lateEntryReason: REASON };
    const ready = async (start: string, checkIn: string) => {
      const patient = await newReadyPatient(app, w);
      await consentedBefore(patient.patientId);
      const booked = await book(app, w.staff.nurse.token, {
        ...patient,
        chairId: chair,
        nurseId: w.staff.nurse.id,
        scheduledStart: start,
        ...late,
      });
      expect(booked.status).toBe(201);
      const id = booked.body.id as string;
      await action(app, w.staff.nurse.token, id, 'check-in', {
        escortConfirmed: true,
        fastingConfirmed: true,
        occurredAt: checkIn,
        ...late,
      });
      return id;
    };
    // L1: started late at T+200 and still in the chair (no discharge entered yet)
    const l1 = await ready(at(200), at(195));
    await action(app, w.staff.nurse.token, l1, 'vitals', {
      ...normalVitals,
      takenAt: at(198),
      ...late,
    });
    const first = await action(app, w.staff.nurse.token, l1, 'start', {
      lotId: lot,
      occurredAt: at(200),
      ...late,
    });
    expect(first.status).toBe(200);
    // L2: booked earlier that day, started late at T+60: L1 came into the chair after, and never left
    const l2 = await ready(at(60), at(55));
    await action(app, w.staff.nurse.token, l2, 'vitals', {
      ...normalVitals,
      takenAt: at(58),
      ...late,
    });
    const second = await action(app, w.staff.nurse.token, l2, 'start', {
      lotId: lot,
      occurredAt: at(60),
      ...late,
    });
    expect(second.status).toBe(422);
    expect(second.body.failedChecks).toEqual([
      expect.objectContaining({ check: 'CHAIR_OCCUPIED', conflictingSessionIds: [l1] }),
    ]);
  });
});
