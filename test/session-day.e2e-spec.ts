import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import { PHQ9, recordAssessment, todayIn } from 'test/support/follow-ups.fixtures';
import {
  action,
  newChair,
  newLot,
  newSessionReadyToStart,
  normalVitals,
  setClinicSettings,
  rewindStart,
} from 'test/support/sessions.fixtures';

// A clinic's day through the real session endpoints: a suicide-risk alert blocks the infusion
// until a clinician reviews it (§5), and discharge creates the policy's follow-ups (issue 5 §3).
jest.setTimeout(60_000);
describe('follow-ups in a session day', () => {
  let app: TestApp;
  let world: ClinicWorld;
  let lotId: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await newClinicWorld(app, await loginAsRootAdmin(app));
    // Recovery time is not under test here.
    await setClinicSettings(app, world, { minRecoveryMinutes: 0 });
    lotId = await newLot(app, world);
  }, 120_000);
  afterAll(async () => {
    await app.stop();
  });

  const nurse = () => world.staff.nurse.token;
  const clinician = () => world.staff.clinician.token;

  it('should refuse to start an infusion while a suicide-risk alert is open, even with a clinician override', async () => {
    const { sessionId, patientId } = await newSessionReadyToStart(
      app,
      world,
      await newChair(app, world),
    );
    const assessment = await recordAssessment(app, nurse(), patientId, 'phq9', PHQ9.withItem9(1), {
      context: 'pre_session',
      sessionId,
    });
    // The alert is raised by the scoring rules: its event names the assessment that caused it.
    const raised = await app.db.query(
      `SELECT actor_id, details FROM audit_events WHERE resource_type = 'Alert' AND resource_id = $1`,
      [assessment.alerts[0]?.id],
    );
    expect(raised.rows).toEqual([
      {
        actor_id: world.staff.nurse.id,
        details: {
          causedBy: { action: 'create', resourceType: 'Assessment', resourceId: assessment.id },
        },
      },
    ]);
    const blocked = await action(app, nurse(), sessionId, 'start', { lotId });
    expect(blocked.status).toBe(422);
    expect(blocked.body.failedChecks).toContainEqual({
      check: 'SUICIDE_RISK_ALERT_UNREVIEWED',
      message:
        'Unreviewed suicide-risk alert (PHQ9_ITEM9_POSITIVE): a clinician must acknowledge it before the infusion',
      overridable: false,
    });
    const overridden = await action(app, world.staff.clinician.token, sessionId, 'start', {
      lotId,
      overrides: [{ check: 'SUICIDE_RISK_ALERT_UNREVIEWED', reason: 'patient insists' }],
    });
    expect(overridden.status).toBe(422);
    const session = await app.db.query('SELECT status FROM infusion_sessions WHERE id = $1', [
      sessionId,
    ]);
    expect(session.rows[0].status).toBe('checked_in');

    const ack = await app
      .http()
      .post(`/api/v1/alerts/${assessment.alerts[0]?.id}/acknowledge`)
      .set(auth(world.staff.clinician.token))
      .send({ note: 'Passive ideation, no plan; C-SSRS low; proceed.' });
    expect(ack.status).toBe(200);
    const started = await action(app, nurse(), sessionId, 'start', { lotId });
    expect(started.status).toBe(200);
  });

  it('should create the next-day and one-week follow-ups when the session is discharged', async () => {
    const { sessionId, patientId } = await newSessionReadyToStart(
      app,
      world,
      await newChair(app, world),
    );
    const started = await action(app, nurse(), sessionId, 'start', { lotId });
    expect(started.status).toBe(200);
    await rewindStart(app, sessionId);
    const ended = await action(app, nurse(), sessionId, 'end', {
      administeredMg: started.body.plannedDoseMg,
    });
    expect(ended.status).toBe(200);
    const vitals = await action(app, nurse(), sessionId, 'vitals', normalVitals);
    expect(vitals.status).toBe(201);
    const discharged = await action(app, clinician(), sessionId, 'discharge', {
      orientationConfirmed: true,
      escortPresent: true,
    });
    expect(discharged.status).toBe(200);

    const tz = 'America/Denver';
    const listed = await app
      .http()
      .get(`/api/v1/follow-ups?patientId=${patientId}`)
      .set(auth(nurse()));
    expect(listed.status).toBe(200);
    expect(
      (listed.body.data as Record<string, unknown>[]).map((f) => ({
        sessionId: f.sessionId,
        origin: f.origin,
        status: f.status,
        dueDate: f.dueDate,
      })),
    ).toEqual([
      { sessionId, origin: 'automatic', status: 'due', dueDate: todayIn(tz, 1) },
      { sessionId, origin: 'automatic', status: 'due', dueDate: todayIn(tz, 7) },
    ]);
    // Made by the system, audited as caused by the discharge: its actor and its request id (issue 11).
    const created = await app.db.query(
      `SELECT actor_id, actor_role, request_id, details->'causedBy' AS "causedBy",
              cardinality(resource_ids) AS n
         FROM audit_events WHERE resource_type = 'FollowUp' AND action = 'create'
          AND details->>'sessionId' = $1`,
      [sessionId],
    );
    expect(created.rows).toEqual([
      {
        actor_id: world.staff.clinician.id,
        actor_role: 'clinician',
        request_id: discharged.headers['x-request-id'],
        causedBy: { action: 'discharge', resourceType: 'InfusionSession', resourceId: sessionId },
        n: 2,
      },
    ]);
  });
});
