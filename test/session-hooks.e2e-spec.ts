import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from 'test/support/test-app';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
} from 'test/support/fixtures';
import {
  callSessionHooks,
  CSSRS,
  insertDischargedSession,
  PHQ9,
  postAssessment,
  recordAssessment,
  todayIn,
} from 'test/support/follow-ups.fixtures';
import { newActivePlan } from 'test/support/plans.fixtures';

// Issue 5 wiring into sessions (contracts.md SessionHooks, SessionsService.getSessionRef):
// automatic follow-ups on discharge, the suicide-risk pre-infusion check (§5), session links.
// Each hooks call boots the built app in its own process, hence the longer timeout.
jest.setTimeout(60_000);
describe('follow-ups wired into sessions', () => {
  let app: TestApp;
  let a: ClinicWorld;
  let b: ClinicWorld;
  let patientId: string;
  let planId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
    patientId = (await newPatient(app, a.staff.clinician.token)).id;
    planId = (await newActivePlan(app, a, patientId)).id;
  }, 120_000);
  afterAll(async () => {
    await app.stop();
  });

  const followUpsOf = async (sessionId: string) =>
    (
      await app.db.query<{ due_date: string; origin: string; status: string; patient_id: string }>(
        'SELECT due_date::text AS due_date, origin, status, patient_id FROM follow_ups WHERE session_id = $1 ORDER BY due_date',
        [sessionId],
      )
    ).rows;

  describe('on discharge', () => {
    it('should create the clinic policy’s follow-ups (default next day and one week) in the clinic’s calendar, once', async () => {
      const sessionId = randomUUID();
      // 02:00 UTC on 11 March is the evening of 10 March in Denver (the clinic's time zone)
      const event = {
        sessionId,
        clinicId: a.clinicId,
        patientId,
        planId,
        dischargedAt: '2026-03-11T02:00:00Z',
      };
      const results = await callSessionHooks(app, [
        { call: 'runDischarged', event },
        // a retried discharge must not double-create
        { call: 'runDischarged', event },
      ]);
      expect(results).toEqual([{ ok: null }, { ok: null }]);
      expect(await followUpsOf(sessionId)).toEqual([
        { due_date: '2026-03-11', origin: 'automatic', status: 'due', patient_id: patientId },
        { due_date: '2026-03-17', origin: 'automatic', status: 'due', patient_id: patientId },
      ]);
      const audit = await app.db.query(
        `SELECT actor_id, cardinality(resource_ids) AS n FROM audit_events WHERE resource_type = 'FollowUp' AND details->>'sessionId' = $1`,
        [sessionId],
      );
      expect(audit.rows).toEqual([{ actor_id: null, n: 2 }]);
      const listed = await app
        .http()
        .get(`/api/v1/follow-ups?patientId=${patientId}&status=due`)
        .set(auth(a.staff.nurse.token));
      expect(
        (listed.body.data as { sessionId: string; origin: string }[]).filter(
          (f) => f.sessionId === sessionId && f.origin === 'automatic',
        ),
      ).toHaveLength(2);
    });

    it('should create exactly one set when the same discharge runs twice at once', async () => {
      const sessionId = randomUUID();
      const event = {
        sessionId,
        clinicId: a.clinicId,
        patientId,
        planId,
        dischargedAt: '2026-03-20T18:00:00Z',
      };
      const [first, second] = await Promise.all([
        callSessionHooks(app, [{ call: 'runDischarged', event }]),
        callSessionHooks(app, [{ call: 'runDischarged', event }]),
      ]);
      expect([first, second]).toEqual([[{ ok: null }], [{ ok: null }]]);
      expect((await followUpsOf(sessionId)).map((f) => f.due_date)).toEqual([
        '2026-03-21',
        '2026-03-27',
      ]);
    });

    it('should follow a changed clinic policy (followUpDaysAfterSession)', async () => {
      const world = await newClinicWorld(app, await loginAsRootAdmin(app));
      const settings = await app
        .http()
        .patch(`/api/v1/clinics/${world.clinicId}/settings`)
        .set(auth(world.staff.admin.token))
        .send({ followUpDaysAfterSession: [2, 14, 2] });
      expect(settings.status).toBe(200);
      const patient = (await newPatient(app, world.staff.clinician.token)).id;
      const plan = (await newActivePlan(app, world, patient)).id;
      const sessionId = randomUUID();
      await callSessionHooks(app, [
        {
          call: 'runDischarged',
          event: {
            sessionId,
            clinicId: world.clinicId,
            patientId: patient,
            planId: plan,
            dischargedAt: '2026-06-01T17:00:00Z',
          },
        },
      ]);
      expect((await followUpsOf(sessionId)).map((f) => f.due_date)).toEqual([
        '2026-06-03',
        '2026-06-15',
      ]);
    });
  });

  describe('pre-infusion check (§5: infusion blocked until reviewed)', () => {
    it('should fail the check while a suicide-risk alert is open, not overridable, and pass once acknowledged', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const plan = (await newActivePlan(app, a, patient)).id;
      const context = {
        sessionId: randomUUID(),
        clinicId: a.clinicId,
        patientId: patient,
        planId: plan,
        at: new Date().toISOString(),
      };
      const clean = await callSessionHooks(app, [{ call: 'runPreInfusionChecks', context }]);
      expect(clean).toEqual([{ ok: [] }]);

      const assessment = await recordAssessment(
        app,
        a.staff.nurse.token,
        patient,
        'phq9',
        PHQ9.withItem9(1),
      );
      // another patient's alert must not block this one
      const stranger = (await newPatient(app, a.staff.clinician.token)).id;
      await recordAssessment(app, a.staff.nurse.token, stranger, 'phq9', PHQ9.withItem9(3));

      // judged at the time of the check: the alert raised after `context.at` did not count then
      const beforeAlert = await callSessionHooks(app, [{ call: 'runPreInfusionChecks', context }]);
      expect(beforeAlert).toEqual([{ ok: [] }]);
      const whileOpen = { ...context, at: new Date().toISOString() };
      const blocked = await callSessionHooks(app, [
        { call: 'runPreInfusionChecks', context: whileOpen },
      ]);
      expect(blocked).toEqual([
        {
          ok: [
            {
              check: 'SUICIDE_RISK_ALERT_UNREVIEWED',
              message:
                'Unreviewed suicide-risk alert (PHQ9_ITEM9_POSITIVE): a clinician must acknowledge it before the infusion',
              overridable: false,
            },
          ],
        },
      ]);

      const ack = await app
        .http()
        .post(`/api/v1/alerts/${assessment.alerts[0]?.id}/acknowledge`)
        .set(auth(a.staff.clinician.token))
        .send({ note: 'Reviewed in person; C-SSRS low; safety plan given.' });
      expect(ack.status).toBe(200);
      const cleared = await callSessionHooks(app, [
        { call: 'runPreInfusionChecks', context: { ...context, at: new Date().toISOString() } },
      ]);
      expect(cleared).toEqual([{ ok: [] }]);
      // a late entry stated while the alert was still open is blocked by it (issue 9 point 6)
      const stillThen = await callSessionHooks(app, [
        { call: 'runPreInfusionChecks', context: whileOpen },
      ]);
      expect(stillThen[0]).toEqual({
        ok: [expect.objectContaining({ check: 'SUICIDE_RISK_ALERT_UNREVIEWED' })],
      });
    });

    it('should not block on a low C-SSRS alert (Q1/Q2 only) but block on a moderate one', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const plan = (await newActivePlan(app, a, patient)).id;
      const context = {
        sessionId: randomUUID(),
        clinicId: a.clinicId,
        patientId: patient,
        planId: plan,
        at: new Date().toISOString(),
      };
      const low = await recordAssessment(
        app,
        a.staff.nurse.token,
        patient,
        'cssrs_screener',
        CSSRS.low,
      );
      expect(low.alerts.map((x) => x.kind)).toEqual(['CSSRS_LOW']);
      const withLow = await callSessionHooks(app, [
        { call: 'runPreInfusionChecks', context: { ...context, at: new Date().toISOString() } },
      ]);
      expect(withLow).toEqual([{ ok: [] }]);
      const open = await app.db.query('SELECT status FROM alerts WHERE id = $1', [
        low.alerts[0]?.id,
      ]);
      expect(open.rows).toEqual([{ status: 'open' }]);

      await recordAssessment(app, a.staff.nurse.token, patient, 'cssrs_screener', CSSRS.moderate);
      const withModerate = await callSessionHooks(app, [
        { call: 'runPreInfusionChecks', context: { ...context, at: new Date().toISOString() } },
      ]);
      expect(withModerate).toEqual([
        {
          ok: [
            {
              check: 'SUICIDE_RISK_ALERT_UNREVIEWED',
              message:
                'Unreviewed suicide-risk alert (CSSRS_MODERATE): a clinician must acknowledge it before the infusion',
              overridable: false,
            },
          ],
        },
      ]);
    });
  });

  describe('session links', () => {
    it('should link an assessment and a follow-up to a session of the same patient', async () => {
      const sessionId = await insertDischargedSession(app, {
        clinicId: a.clinicId,
        patientId,
        planId,
        nurseId: a.staff.nurse.id,
        adminToken: a.staff.admin.token,
      });
      const assessment = await postAssessment(app, a.staff.nurse.token, {
        patientId,
        instrumentCode: 'cadss6',
        responses: [1, 1, 0, 0, 2, 1],
        context: 'post_session',
        sessionId,
      });
      expect(assessment.status).toBe(201);
      expect(assessment.body.sessionId).toBe(sessionId);
      const followUp = await app
        .http()
        .post('/api/v1/follow-ups')
        .set(auth(a.staff.nurse.token))
        .send({ patientId, sessionId, dueDate: todayIn('America/Denver', 1) });
      expect(followUp.status).toBe(201);
      expect(followUp.body).toMatchObject({ sessionId, origin: 'manual' });
    });

    it('should refuse a session of another patient (400) or another clinic (404)', async () => {
      const sessionId = await insertDischargedSession(app, {
        clinicId: a.clinicId,
        patientId,
        planId,
        nurseId: a.staff.nurse.id,
        adminToken: a.staff.admin.token,
      });
      const other = (await newPatient(app, a.staff.clinician.token)).id;
      const wrongPatient = await postAssessment(app, a.staff.nurse.token, {
        patientId: other,
        instrumentCode: 'phq9',
        responses: PHQ9.mild,
        sessionId,
      });
      expect(wrongPatient.status).toBe(400);
      expect(wrongPatient.body.errors).toEqual([
        { field: 'sessionId', message: 'sessionId belongs to another patient' },
      ]);
      const foreignPatient = (await newPatient(app, b.staff.clinician.token)).id;
      const foreign = await app
        .http()
        .post('/api/v1/follow-ups')
        .set(auth(b.staff.nurse.token))
        .send({ patientId: foreignPatient, sessionId, dueDate: todayIn('America/Denver', 1) });
      expect(foreign.status).toBe(404);
      const missing = await postAssessment(app, a.staff.nurse.token, {
        patientId,
        instrumentCode: 'phq9',
        responses: PHQ9.mild,
        sessionId: randomUUID(),
      });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('SESSION_NOT_FOUND');
    });
  });
});
