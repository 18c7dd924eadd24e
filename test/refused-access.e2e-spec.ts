import { randomUUID } from 'node:crypto';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
} from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

interface EventRow {
  clinic_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  action_name: string | null;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

// Issue 11, point 6: refused access to patient data leaves an audit event like allowed access does
// (the actor, the request id, the outcome), in the refused caller's own clinics, never in another's.
describe('refused access is audited', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    [a, b] = await Promise.all([newClinicWorld(app, root), newClinicWorld(app, root)]);
  }, 120_000);
  afterAll(async () => {
    await app.stop();
  });

  const eventsOf = async (requestId: string) =>
    (
      await app.db.query<EventRow>(
        `SELECT clinic_id, actor_id, actor_role, action, action_name, resource_type, resource_id,
                outcome, details
           FROM audit_events WHERE request_id = $1 ORDER BY clinic_id NULLS FIRST`,
        [requestId],
      )
    ).rows;

  const login = (email: string, password: string, requestId: string) =>
    app.http().post('/api/v1/auth/login').set('X-Request-Id', requestId).send({ email, password });

  it('should audit a wrong password against the known account, and nothing for an unknown email', async () => {
    const nurse = a.staff.nurse;
    const wrong = randomUUID();
    expectProblem(await login(nurse.email, 'not-the-password-at-all', wrong), 401);
    expect(await eventsOf(wrong)).toEqual([
      {
        clinic_id: a.clinicId,
        actor_id: nurse.id,
        actor_role: 'nurse',
        action: 'login',
        action_name: null,
        resource_type: 'User',
        resource_id: nurse.id,
        outcome: 'unauthenticated',
        details: {
          code: 'UNAUTHENTICATED',
          route: 'POST /api/v1/auth/login',
          reason: 'wrong_password',
        },
      },
    ]);
    const unknown = randomUUID();
    expectProblem(await login(`nobody.${unknown}@test.example`, 'whatever-password', unknown), 401);
    expect(await eventsOf(unknown)).toEqual([]);
  });

  it('should audit the token of a deactivated account as refused, against that account', async () => {
    const leaver = await newStaff(app, a.staff.admin.token, 'clinician', [a.clinicId]);
    const patient = await newPatient(app, a.staff.front_desk.token);
    const off = await app
      .http()
      .post(`/api/v1/users/${leaver.id}/deactivate`)
      .set(auth(a.staff.admin.token));
    expect(off.status).toBe(200);
    const requestId = randomUUID();
    const refused = await app
      .http()
      .get(`/api/v1/patients/${patient.id}`)
      .set(auth(leaver.token))
      .set('X-Request-Id', requestId);
    expectProblem(refused, 401);
    expect(await eventsOf(requestId)).toEqual([
      expect.objectContaining({
        clinic_id: a.clinicId,
        actor_id: leaver.id,
        action: 'read',
        resource_type: 'Patient',
        resource_id: patient.id,
        outcome: 'unauthenticated',
        details: expect.objectContaining({ reason: 'inactive' }),
      }),
    ]);
  });

  it('should audit a 403 of the role guard and of a service rule with the actor and request id', async () => {
    const byGuard = randomUUID();
    const trail = await app
      .http()
      .get('/api/v1/audit-events')
      .set(auth(a.staff.nurse.token))
      .set('X-Request-Id', byGuard);
    expectProblem(trail, 403, 'FORBIDDEN');
    expect(await eventsOf(byGuard)).toEqual([
      expect.objectContaining({
        clinic_id: a.clinicId,
        actor_id: a.staff.nurse.id,
        action: 'list',
        resource_type: 'AuditEvent',
        outcome: 'forbidden',
      }),
    ]);

    const patient = await newPatient(app, a.staff.front_desk.token);
    const byRule = randomUUID();
    const edit = await app
      .http()
      .patch(`/api/v1/patients/${patient.id}`)
      .set(auth(a.staff.nurse.token))
      .set('X-Request-Id', byRule)
      .send({ firstName: 'Changed' });
    expectProblem(edit, 403);
    expect(await eventsOf(byRule)).toEqual([
      expect.objectContaining({
        actor_id: a.staff.nurse.id,
        action: 'update',
        resource_type: 'Patient',
        resource_id: patient.id,
        outcome: 'forbidden',
      }),
    ]);
  });

  it('should audit a foreign or missing record’s 404 in the caller’s clinics, never in the record’s', async () => {
    const patient = await newPatient(app, a.staff.front_desk.token);
    for (const id of [patient.id, randomUUID()]) {
      const requestId = randomUUID();
      const read = await app
        .http()
        .get(`/api/v1/patients/${id}`)
        .set(auth(b.staff.clinician.token))
        .set('X-Request-Id', requestId);
      expectProblem(read, 404, 'PATIENT_NOT_FOUND');
      expect(await eventsOf(requestId)).toEqual([
        {
          clinic_id: b.clinicId,
          actor_id: b.staff.clinician.id,
          actor_role: 'clinician',
          action: 'read',
          action_name: null,
          resource_type: 'Patient',
          resource_id: id,
          outcome: 'not_found',
          details: { code: 'PATIENT_NOT_FOUND', route: 'GET /api/v1/patients/:id', ids: { id } },
        },
      ]);
    }
    const inA = await app.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE clinic_id = $1 AND actor_id = $2`,
      [a.clinicId, b.staff.clinician.id],
    );
    expect(inA.rows[0].n).toBe(0);
  });

  it('should answer a list filtered by another clinic with 404, audited as a refused list in the caller’s clinics', async () => {
    const both = await newStaff(app, root, 'clinician', [a.clinicId, b.clinicId]);
    const outsider = await newClinicWorld(app, root);
    const requestId = randomUUID();
    const list = await app
      .http()
      .get(`/api/v1/treatment-plans?clinicId=${outsider.clinicId}`)
      .set(auth(both.token))
      .set('X-Request-Id', requestId);
    expectProblem(list, 404, 'CLINIC_NOT_FOUND');
    const events = await eventsOf(requestId);
    expect(events.map((e) => [e.clinic_id, e.action, e.resource_type, e.outcome])).toEqual(
      [a.clinicId, b.clinicId]
        .sort()
        .map((clinicId) => [clinicId, 'list', 'TreatmentPlan', 'not_found']),
    );
  });

  it('should let a clinic’s admin find its staff’s refused attempts by outcome', async () => {
    const requestId = randomUUID();
    await app
      .http()
      .get(`/api/v1/patients/${randomUUID()}`)
      .set(auth(a.staff.front_desk.token))
      .set('X-Request-Id', requestId);
    const page = await app
      .http()
      .get(`/api/v1/audit-events?outcome=not_found&actorId=${a.staff.front_desk.id}`)
      .set(auth(a.staff.admin.token));
    expect(page.status).toBe(200);
    expect(page.body.data).toEqual([
      expect.objectContaining({ requestId, outcome: 'not_found', resourceType: 'Patient' }),
    ]);
    const fromB = await app
      .http()
      .get(`/api/v1/audit-events?outcome=not_found&actorId=${a.staff.front_desk.id}`)
      .set(auth(b.staff.admin.token));
    expect(fromB.body.data).toEqual([]);
  });

  it('should not audit a path that matches no route', async () => {
    const requestId = randomUUID();
    const missing = await app
      .http()
      .get('/api/v1/no-such-thing')
      .set(auth(a.staff.clinician.token))
      .set('X-Request-Id', requestId);
    expectProblem(missing, 404);
    expect(await eventsOf(requestId)).toEqual([]);
  });
});
