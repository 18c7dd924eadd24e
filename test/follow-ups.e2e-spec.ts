import { startTestApp, TestApp } from 'test/support/test-app';
import { expectProblem } from 'test/support/http-assertions';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
} from 'test/support/fixtures';
import { newFollowUp, todayIn } from 'test/support/follow-ups.fixtures';

const TZ = 'America/Denver'; // newClinic's default
/** A date n days from today in the clinic's calendar (manual follow-ups: yesterday at the earliest). */
const day = (n: number) => todayIn(TZ, n);

const COMPLETE = {
  method: 'call',
  sideEffectsPresent: true,
  sideEffectsDetails: 'mild dizziness the evening after',
  outcomeNote: 'mood improving',
  nextStep: 'continue',
};

// Issue 5 §3: follow-ups after sessions, by hand and overdue per clinic.
describe('follow-ups', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;
  let patientId: string;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
    patientId = (await newPatient(app, a.staff.clinician.token)).id;
  }, 120_000);
  afterAll(async () => {
    await app.stop();
  });

  it.each(['clinician', 'nurse'] as const)(
    'should let %s schedule a follow-up by hand',
    async (role) => {
      const res = await app
        .http()
        .post('/api/v1/follow-ups')
        .set(auth(a.staff[role].token))
        .send({ patientId, dueDate: day(2), notes: 'check sleep' });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/api/v1/follow-ups/${res.body.id}`);
      expect(res.body).toMatchObject({
        patientId,
        clinicId: a.clinicId,
        origin: 'manual',
        status: 'due',
        dueDate: day(2),
        sessionId: null,
        createdBy: a.staff[role].id,
        notes: 'check sleep',
      });
      const row = await app.db.query('SELECT status, origin FROM follow_ups WHERE id = $1', [
        res.body.id,
      ]);
      expect(row.rows[0]).toEqual({ status: 'due', origin: 'manual' });
      const audit = await app.db.query(
        `SELECT action FROM audit_events WHERE resource_type = 'FollowUp' AND resource_id = $1`,
        [res.body.id],
      );
      expect(audit.rows).toEqual([{ action: 'create' }]);
    },
  );

  it('should let admins read follow-ups but not schedule, complete or miss them', async () => {
    const followUp = await newFollowUp(app, a.staff.nurse.token, patientId, day(3));
    const token = a.staff.admin.token;
    const writes = await Promise.all([
      app
        .http()
        .post('/api/v1/follow-ups')
        .set(auth(token))
        .send({ patientId, dueDate: day(0) }),
      app.http().post(`/api/v1/follow-ups/${followUp.id}/complete`).set(auth(token)).send(COMPLETE),
      app
        .http()
        .post(`/api/v1/follow-ups/${followUp.id}/miss`)
        .set(auth(token))
        .send({ outcomeNote: 'x' }),
    ]);
    expect(writes.map((r) => [r.status, r.body.code as string])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ]);
    const row = await app.db.query('SELECT status, version FROM follow_ups WHERE id = $1', [
      followUp.id,
    ]);
    expect(row.rows[0]).toEqual({ status: 'due', version: 1 });
    const reads = await Promise.all([
      app.http().get(`/api/v1/follow-ups/${followUp.id}`).set(auth(token)),
      app.http().get(`/api/v1/follow-ups?patientId=${patientId}`).set(auth(token)),
      app.http().get('/api/v1/follow-ups/overdue').set(auth(token)),
    ]);
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('should keep front desk out of follow-ups (clinical contact: side effects, next step)', async () => {
    const followUp = await newFollowUp(app, a.staff.nurse.token, patientId, day(3));
    const requests = [
      app
        .http()
        .post('/api/v1/follow-ups')
        .send({ patientId, dueDate: day(2) }),
      app.http().get('/api/v1/follow-ups'),
      app.http().get('/api/v1/follow-ups/overdue'),
      app.http().get(`/api/v1/follow-ups/${followUp.id}`),
      app.http().post(`/api/v1/follow-ups/${followUp.id}/complete`).send(COMPLETE),
      app.http().post(`/api/v1/follow-ups/${followUp.id}/miss`).send({ outcomeNote: 'x' }),
    ];
    const statuses = await Promise.all(
      requests.map(async (r) => (await r.set(auth(a.staff.front_desk.token))).status),
    );
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403]);
  });

  it.each([
    ['a missing dueDate', { dueDate: undefined }, 'dueDate'],
    ['a malformed dueDate', { dueDate: '02/04/2026' }, 'dueDate'],
    ['an impossible dueDate', { dueDate: '2026-02-30' }, 'dueDate'],
    ['a malformed patientId', { patientId: 'abc' }, 'patientId'],
  ])('should answer 400 for %s', async (_, change, field) => {
    const res = await app
      .http()
      .post('/api/v1/follow-ups')
      .set(auth(a.staff.nurse.token))
      .send({ patientId, dueDate: day(2), ...change });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe(field);
  });

  it('should accept a due date of yesterday but refuse an older one (400 DUE_DATE_IN_PAST)', async () => {
    const patient = (await newPatient(app, a.staff.clinician.token)).id;
    const post = (dueDate: string) =>
      app
        .http()
        .post('/api/v1/follow-ups')
        .set(auth(a.staff.nurse.token))
        .send({ patientId: patient, dueDate });
    expect((await post(day(-1))).status).toBe(201);
    const old = await post(day(-2));
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('DUE_DATE_IN_PAST');
    expect(old.body.errors[0].field).toBe('dueDate');
    const rows = await app.db.query(
      'SELECT due_date::text AS d FROM follow_ups WHERE patient_id = $1',
      [patient],
    );
    expect(rows.rows).toEqual([{ d: day(-1) }]);
  });

  it('should refuse a contactedAt in the future (400) and leave the follow-up due', async () => {
    const followUp = await newFollowUp(app, a.staff.nurse.token, patientId, day(1));
    const res = await app
      .http()
      .post(`/api/v1/follow-ups/${followUp.id}/complete`)
      .set(auth(a.staff.nurse.token))
      .send({ ...COMPLETE, contactedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('contactedAt');
    const row = await app.db.query('SELECT status, contacted_at FROM follow_ups WHERE id = $1', [
      followUp.id,
    ]);
    expect(row.rows[0]).toEqual({ status: 'due', contacted_at: null });
  });

  it('should answer 404 for a patient of another clinic', async () => {
    const foreign = (await newPatient(app, b.staff.clinician.token)).id;
    const res = await app
      .http()
      .post('/api/v1/follow-ups')
      .set(auth(a.staff.nurse.token))
      .send({ patientId: foreign, dueDate: day(2) });
    expect(res.status).toBe(404);
    const rows = await app.db.query('SELECT count(*) FROM follow_ups WHERE patient_id = $1', [
      foreign,
    ]);
    expect(rows.rows[0].count).toBe('0');
  });

  it('should complete a due follow-up with method, side-effect check and next step, once', async () => {
    const scheduled = await app
      .http()
      .post('/api/v1/follow-ups')
      .set(auth(a.staff.nurse.token))
      .send({ patientId, dueDate: day(1), notes: 'ask about sleep' });
    const followUp = scheduled.body as { id: string };
    const res = await app
      .http()
      .post(`/api/v1/follow-ups/${followUp.id}/complete`)
      .set(auth(a.staff.nurse.token))
      .set('If-Match', '"1"')
      .send({ ...COMPLETE, contactedAt: '2026-04-04T16:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      method: 'call',
      contactedAt: '2026-04-04T16:00:00.000Z',
      sideEffectsPresent: true,
      sideEffectsDetails: 'mild dizziness the evening after',
      nextStep: 'continue',
      notes: 'ask about sleep',
      outcomeNote: 'mood improving',
      closedBy: a.staff.nurse.id,
      version: 2,
    });
    const row = await app.db.query(
      'SELECT status, next_step, closed_by, notes, outcome_note FROM follow_ups WHERE id = $1',
      [followUp.id],
    );
    expect(row.rows[0]).toEqual({
      status: 'completed',
      next_step: 'continue',
      closed_by: a.staff.nurse.id,
      notes: 'ask about sleep',
      outcome_note: 'mood improving',
    });
    const audit = await app.db.query(
      `SELECT action_name FROM audit_events WHERE resource_type = 'FollowUp' AND resource_id = $1 AND action = 'action'`,
      [followUp.id],
    );
    expect(audit.rows).toEqual([{ action_name: 'complete' }]);

    for (const [action, body] of [
      ['complete', COMPLETE],
      ['miss', { outcomeNote: 'late' }],
    ] as const) {
      const again = await app
        .http()
        .post(`/api/v1/follow-ups/${followUp.id}/${action}`)
        .set(auth(a.staff.nurse.token))
        .send(body);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('FOLLOW_UP_NOT_DUE');
    }
  });

  it.each([
    ['no next step', { ...COMPLETE, nextStep: undefined }, 'nextStep'],
    ['an unknown method', { ...COMPLETE, method: 'pigeon' }, 'method'],
    ['no side-effect check', { ...COMPLETE, sideEffectsPresent: undefined }, 'sideEffectsPresent'],
    // the scheduling notes are not rewritten when closing; the contact's note is outcomeNote
    ['notes', { ...COMPLETE, notes: 'overwrite' }, 'notes'],
  ])('should refuse to complete with %s (400)', async (_, body, field) => {
    const followUp = await newFollowUp(app, a.staff.nurse.token, patientId, day(5));
    const res = await app
      .http()
      .post(`/api/v1/follow-ups/${followUp.id}/complete`)
      .set(auth(a.staff.nurse.token))
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe(field);
    const row = await app.db.query('SELECT status FROM follow_ups WHERE id = $1', [followUp.id]);
    expect(row.rows[0].status).toBe('due');
  });

  it('should mark a follow-up missed with a note, keep the scheduling notes, and answer 412 on a stale If-Match', async () => {
    const scheduled = await app
      .http()
      .post('/api/v1/follow-ups')
      .set(auth(a.staff.nurse.token))
      .send({ patientId, dueDate: day(1), notes: 'check BP log' });
    const followUp = scheduled.body as { id: string };
    const stale = await app
      .http()
      .post(`/api/v1/follow-ups/${followUp.id}/miss`)
      .set(auth(a.staff.nurse.token))
      .set('If-Match', '"5"')
      .send({ outcomeNote: 'no answer' });
    expect(stale.status).toBe(412);
    const res = await app
      .http()
      .post(`/api/v1/follow-ups/${followUp.id}/miss`)
      .set(auth(a.staff.clinician.token))
      .send({ outcomeNote: 'No answer to three calls' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'missed',
      notes: 'check BP log',
      outcomeNote: 'No answer to three calls',
      closedBy: a.staff.clinician.id,
    });
    const row = await app.db.query('SELECT notes, outcome_note FROM follow_ups WHERE id = $1', [
      followUp.id,
    ]);
    expect(row.rows[0]).toEqual({
      notes: 'check BP log',
      outcome_note: 'No answer to three calls',
    });
  });

  it('should let exactly one of simultaneous closes win', async () => {
    const followUp = await newFollowUp(app, a.staff.nurse.token, patientId, day(7));
    const results = await Promise.all([
      app
        .http()
        .post(`/api/v1/follow-ups/${followUp.id}/complete`)
        .set(auth(a.staff.nurse.token))
        .send(COMPLETE),
      app
        .http()
        .post(`/api/v1/follow-ups/${followUp.id}/miss`)
        .set(auth(a.staff.clinician.token))
        .send({ outcomeNote: 'unreachable' }),
      app
        .http()
        .post(`/api/v1/follow-ups/${followUp.id}/complete`)
        .set(auth(a.staff.clinician.token))
        .send(COMPLETE),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('should hide another clinic’s follow-ups: 404 by id, absent from lists', async () => {
    const followUp = await newFollowUp(app, a.staff.nurse.token, patientId, day(8));
    const get = await app
      .http()
      .get(`/api/v1/follow-ups/${followUp.id}`)
      .set(auth(b.staff.clinician.token));
    expect(get.status).toBe(404);
    const complete = await app
      .http()
      .post(`/api/v1/follow-ups/${followUp.id}/complete`)
      .set(auth(b.staff.clinician.token))
      .send(COMPLETE);
    expect(complete.status).toBe(404);
    const list = await app
      .http()
      .get(`/api/v1/follow-ups?patientId=${patientId}`)
      .set(auth(b.staff.clinician.token));
    expect(list.body.data).toEqual([]);
    const own = await app
      .http()
      .get(`/api/v1/follow-ups/${followUp.id}`)
      .set(auth(a.staff.nurse.token));
    expect(own.status).toBe(200);
    expect(own.headers.etag).toBe('"1"');
  });

  it('should list a patient’s follow-ups earliest due first, paginated', async () => {
    const patient = (await newPatient(app, a.staff.clinician.token)).id;
    for (const date of [day(33), day(31), day(32)]) {
      await newFollowUp(app, a.staff.nurse.token, patient, date);
    }
    const first = await app
      .http()
      .get(`/api/v1/follow-ups?patientId=${patient}&limit=2`)
      .set(auth(a.staff.nurse.token));
    expect((first.body.data as { dueDate: string }[]).map((f) => f.dueDate)).toEqual([
      day(31),
      day(32),
    ]);
    const second = await app
      .http()
      .get(`/api/v1/follow-ups?patientId=${patient}&limit=2&cursor=${first.body.nextCursor}`)
      .set(auth(a.staff.nurse.token));
    expect((second.body.data as { dueDate: string }[]).map((f) => f.dueDate)).toEqual([day(33)]);
    expect(second.body.nextCursor).toBeNull();
  });

  describe('overdue', () => {
    it('should list due follow-ups dated before today in the clinic’s time zone, and nothing else', async () => {
      const world = await newClinicWorld(app, root);
      const patient = (await newPatient(app, world.staff.clinician.token)).id;
      const token = world.staff.nurse.token;
      // By hand a follow-up is dated yesterday at the earliest: older ones are set back in the
      // database, as if they had been scheduled then.
      const scheduledBefore = async (dueDate: string) => {
        const followUp = await newFollowUp(app, token, patient, day(0));
        await app.db.query('UPDATE follow_ups SET due_date = $2 WHERE id = $1', [
          followUp.id,
          dueDate,
        ]);
        return followUp;
      };
      const lastWeek = await scheduledBefore(day(-7));
      const yesterday = await newFollowUp(app, token, patient, day(-1));
      await newFollowUp(app, token, patient, day(0));
      await newFollowUp(app, token, patient, day(1));
      const done = await scheduledBefore(day(-3));
      await app
        .http()
        .post(`/api/v1/follow-ups/${done.id}/complete`)
        .set(auth(token))
        .send(COMPLETE);
      const res = await app.http().get('/api/v1/follow-ups/overdue').set(auth(token));
      expect(res.status).toBe(200);
      expect((res.body.data as { id: string }[]).map((f) => f.id)).toEqual([
        lastWeek.id,
        yesterday.id,
      ]);
      const other = await app
        .http()
        .get('/api/v1/follow-ups/overdue')
        .set(auth(a.staff.nurse.token));
      expect((other.body.data as { id: string }[]).map((f) => f.id)).not.toContain(lastWeek.id);
    });

    it('should need clinicId from staff of several clinics, and 404 a clinic not theirs', async () => {
      const both = await newStaff(app, root, 'clinician', [a.clinicId, b.clinicId]);
      const missing = await app.http().get('/api/v1/follow-ups/overdue').set(auth(both.token));
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toBe('clinicId');
      const ok = await app
        .http()
        .get(`/api/v1/follow-ups/overdue?clinicId=${b.clinicId}`)
        .set(auth(both.token));
      expect(ok.status).toBe(200);
      const foreign = await app
        .http()
        .get(`/api/v1/follow-ups/overdue?clinicId=${b.clinicId}`)
        .set(auth(a.staff.nurse.token));
      expect(foreign.status).toBe(404);
    });
  });

  it.each(['/api/v1/follow-ups', '/api/v1/assessments', '/api/v1/alerts'])(
    'should answer %s?clinicId= of another or no clinic with 404, audited as refused in no other clinic',
    async (path) => {
      const nurse = a.staff.nurse;
      for (const clinicId of [b.clinicId, '00000000-0000-4000-8000-000000000000']) {
        const res = await app.http().get(`${path}?clinicId=${clinicId}`).set(auth(nurse.token));
        expectProblem(res, 404, 'CLINIC_NOT_FOUND');
      }
      const { rows } = await app.db.query(
        `SELECT clinic_id, outcome FROM audit_events WHERE actor_id = $1 AND action = 'list'`,
        [nurse.id],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r: { clinic_id: string | null }) => r.clinic_id !== a.clinicId)).toEqual(
        [],
      );
      expect(rows.filter((r: { outcome: string }) => r.outcome === 'not_found')).not.toEqual([]);
    },
  );
});
