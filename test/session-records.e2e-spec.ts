import { randomUUID } from 'node:crypto';
import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import {
  action,
  newChair,
  newSessionReadyToStart,
  normalVitals,
} from 'test/support/sessions.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

// API.md: "Creating answers 201 with the whole resource, an id and a Location header": a session's
// vitals and adverse events are append-only records, each readable at the address it was given.
describe('session records at their own address', () => {
  let app: TestApp;
  let root: string;
  let world: ClinicWorld;
  let other: ClinicWorld;
  let sessionId: string;
  let otherSessionId: string;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    other = await newClinicWorld(app, root);
    ({ sessionId } = await newSessionReadyToStart(app, world, await newChair(app, world)));
    ({ sessionId: otherSessionId } = await newSessionReadyToStart(
      app,
      world,
      await newChair(app, world),
    ));
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const get = (path: string, token: string) => app.http().get(path).set(auth(token));

  it.each([
    ['vitals', () => normalVitals],
    [
      'adverse-events',
      () => ({
        type: 'nausea',
        severity: 'mild',
        onsetAt: new Date(Date.now() - 60_000).toISOString(),
        intervention: 'Ondansetron 4 mg IV',
        outcome: 'resolved',
      }),
    ],
  ])('should answer %s with a Location that reads the same record back', async (kind, body) => {
    const created = await action(app, world.staff.nurse.token, sessionId, kind, body());
    expect(created.status).toBe(201);
    const location = `/api/v1/sessions/${sessionId}/${kind}/${created.body.id as string}`;
    expect(created.headers.location).toBe(location);

    const read = await get(location, world.staff.clinician.token);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect((await get(location, world.staff.admin.token)).status).toBe(200);

    // clinical records: not for the front desk; invisible to another clinic
    expect((await get(location, world.staff.front_desk.token)).status).toBe(403);
    const foreign = await get(location, other.staff.nurse.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('SESSION_NOT_FOUND');

    // a record of another session, or no record at all
    for (const path of [
      `/api/v1/sessions/${otherSessionId}/${kind}/${created.body.id as string}`,
      `/api/v1/sessions/${sessionId}/${kind}/${randomUUID()}`,
    ]) {
      const missing = await get(path, world.staff.clinician.token);
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.body.code).toBe('SESSION_RECORD_NOT_FOUND');
    }
    expect((await get(`/api/v1/sessions/${sessionId}/${kind}/nope`, root)).status).toBe(400);

    const { rows } = await app.db.query(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE resource_id = $1 AND action = 'read' AND actor_id = $2`,
      [sessionId, world.staff.clinician.id],
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });
});
