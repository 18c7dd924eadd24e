import type { Response } from 'supertest';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
} from 'test/support/fixtures';
import { expectProblem, idsOf } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

interface AuditRow {
  actor_id: string;
  actor_role: string;
  action: string;
  action_name: string | null;
  resource_type: string;
  resource_id: string | null;
  resource_ids: string[] | null;
  clinic_id: string | null;
  request_id: string;
  client_ip: string;
  details: Record<string, unknown> | null;
  occurred_at: Date;
}

describe('audit', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;

  const eventsOf = async (response: Response): Promise<AuditRow[]> =>
    (
      await app.db.query('SELECT * FROM audit_events WHERE request_id = $1 ORDER BY occurred_at', [
        response.headers['x-request-id'],
      ])
    ).rows as AuditRow[];

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should write one event per create, read, list, update, archive and restore of a patient, with who, what, where and when', async () => {
    const clinician = a.staff.clinician;
    const started = Date.now();
    const send = (request: ReturnType<ReturnType<TestApp['http']>['get']>) =>
      request.set(auth(clinician.token)).set('X-Forwarded-For', '203.0.113.7');

    const created = await send(app.http().post('/api/v1/patients')).send({
      firstName: 'Audit',
      lastName: 'Trail',
      dateOfBirth: '1975-04-04',
      sexAtBirth: 'male',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const read = await send(app.http().get(`/api/v1/patients/${id}`));
    const listed = await send(app.http().get('/api/v1/patients?name=audit'));
    const updated = await send(app.http().patch(`/api/v1/patients/${id}`)).send({
      email: 'a@t.example',
    });
    const archived = await send(app.http().delete(`/api/v1/patients/${id}`));
    const restored = await send(app.http().post(`/api/v1/patients/${id}/restore`));
    for (const response of [read, listed, updated, archived, restored]) {
      expect(response.status).toBe(200);
    }

    const expected: [Response, Partial<AuditRow>][] = [
      [created, { action: 'create', resource_id: id }],
      [read, { action: 'read', resource_id: id }],
      [
        listed,
        { action: 'list', resource_id: null, resource_ids: [id], details: { filters: ['name'] } },
      ],
      [updated, { action: 'update', resource_id: id, details: { fields: ['email'] } }],
      [archived, { action: 'archive', resource_id: id }],
      [restored, { action: 'restore', resource_id: id }],
    ];
    for (const [response, fields] of expected) {
      const events = await eventsOf(response);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor_id: clinician.id,
        actor_role: 'clinician',
        resource_type: 'Patient',
        clinic_id: a.clinicId,
        request_id: response.headers['x-request-id'],
        client_ip: '203.0.113.7',
        ...fields,
      });
      const at = (events[0] as AuditRow).occurred_at.getTime();
      expect(at).toBeGreaterThanOrEqual(started - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    }
    // Never patient data in an event: field names only.
    const { rows } = await app.db.query(
      'SELECT details FROM audit_events WHERE $1 = ANY(resource_ids) OR resource_id = $1',
      [id],
    );
    expect(JSON.stringify(rows)).not.toMatch(/Audit|Trail|a@t\.example|1975/);
  });

  it('should roll back the patient change when its audit event cannot be written', async () => {
    // A trigger in this file's own database makes the audit insert itself fail, for the requests
    // that carry a marked request id only: the patient write before it must not commit alone.
    await app.db.query(`
      CREATE FUNCTION test_refuse_marked_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.request_id LIKE 'audit-marked-%' THEN
          RAISE EXCEPTION 'test trigger said no to this audit event';
        END IF;
        RETURN NEW;
      END $$`);
    await app.db.query(`
      CREATE TRIGGER test_refuse_marked_audit BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION test_refuse_marked_audit()`);
    const token = a.staff.clinician.token;
    const expectRefused = async (response: Response) => {
      expectProblem(response, 500, 'INTERNAL');
      expect(response.body.detail).toBe('An unexpected error occurred');
      expect(JSON.stringify(response.body)).not.toMatch(/said no|trigger|audit_events|plpgsql/i);
      expect(await eventsOf(response)).toEqual([]);
    };
    try {
      const created = await app
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .set('X-Request-Id', 'audit-marked-create')
        .send({
          firstName: 'Unaudited',
          lastName: 'Create',
          dateOfBirth: '1990-01-01',
          sexAtBirth: 'male',
          externalIdentifiers: [{ system: 'urn:test:audit', value: 'UNAUDITED-1' }],
        });
      await expectRefused(created);
      const { rows: createdRows } = await app.db.query(
        `SELECT
           (SELECT count(*)::int FROM patients WHERE last_name = 'Create' AND first_name = 'Unaudited') AS patients,
           (SELECT count(*)::int FROM patient_identifiers WHERE value = 'UNAUDITED-1') AS identifiers`,
      );
      expect(createdRows[0]).toEqual({ patients: 0, identifiers: 0 });

      const patient = await newPatient(app, token, { email: 'before@audit.example' });
      const updated = await app
        .http()
        .patch(`/api/v1/patients/${patient.id}`)
        .set(auth(token))
        .set('X-Request-Id', 'audit-marked-update')
        .send({ email: 'after@audit.example' });
      await expectRefused(updated);
      const archived = await app
        .http()
        .delete(`/api/v1/patients/${patient.id}`)
        .set(auth(token))
        .set('X-Request-Id', 'audit-marked-archive');
      await expectRefused(archived);
      const { rows } = await app.db.query(
        'SELECT email, version, archived_at FROM patients WHERE id = $1',
        [patient.id],
      );
      expect(rows[0]).toEqual({
        email: 'before@audit.example',
        version: patient.version,
        archived_at: null,
      });
      // The same changes go through once the audit event can be written.
      const retried = await app
        .http()
        .patch(`/api/v1/patients/${patient.id}`)
        .set(auth(token))
        .send({ email: 'after@audit.example' });
      expect(retried.status).toBe(200);
      expect(await eventsOf(retried)).toHaveLength(1);
    } finally {
      await app.db.query('DROP TRIGGER test_refuse_marked_audit ON audit_events');
      await app.db.query('DROP FUNCTION test_refuse_marked_audit()');
    }
  });

  it('should write no event and no record when a write is refused before it is made', async () => {
    const first = await newPatient(app, a.staff.admin.token, { mrn: 'AUD-1' });
    const duplicate = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(a.staff.admin.token))
      .send({
        mrn: 'AUD-1',
        firstName: 'Dup',
        lastName: 'Licate',
        dateOfBirth: '1990-01-01',
        sexAtBirth: 'male',
      });
    expectProblem(duplicate, 409, 'PATIENT_MRN_TAKEN');
    expect(await eventsOf(duplicate)).toEqual([]);
    const { rows } = await app.db.query(
      `SELECT count(*)::int AS n FROM patients WHERE last_name = 'Licate'`,
    );
    expect(rows[0].n).toBe(0);

    const stale = await app
      .http()
      .patch(`/api/v1/patients/${first.id}`)
      .set(auth(a.staff.admin.token))
      .set('If-Match', '"9"')
      .send({ firstName: 'Nope' });
    expectProblem(stale, 412);
    expect(await eventsOf(stale)).toEqual([]);
    const forbidden = await app
      .http()
      .patch(`/api/v1/patients/${first.id}`)
      .set(auth(a.staff.nurse.token))
      .send({ firstName: 'Nope' });
    expectProblem(forbidden, 403);
    // The refusal itself is audited (issue 11), and nothing else: no UPDATE event, no change.
    expect(await eventsOf(forbidden)).toEqual([
      expect.objectContaining({
        action: 'update',
        outcome: 'forbidden',
        actor_id: a.staff.nurse.id,
        resource_type: 'Patient',
        resource_id: first.id,
      }),
    ]);
    const kept = await app.db.query(`SELECT first_name FROM patients WHERE id = $1`, [first.id]);
    expect(kept.rows[0].first_name).not.toBe('Nope');
  });

  describe('GET /api/v1/audit-events', () => {
    it('should be for admins only', async () => {
      for (const role of ['clinician', 'nurse', 'front_desk'] as const) {
        expectProblem(
          await app.http().get('/api/v1/audit-events').set(auth(a.staff[role].token)),
          403,
          'FORBIDDEN',
        );
      }
      expectProblem(await app.http().get('/api/v1/audit-events'), 401);
    });

    it('should filter by resource, actor, action and time, newest first', async () => {
      const patient = await newPatient(app, a.staff.front_desk.token);
      const read = await app
        .http()
        .get(`/api/v1/patients/${patient.id}`)
        .set(auth(a.staff.nurse.token));
      expect(read.status).toBe(200);
      const list = async (query: string) => {
        const response = await app
          .http()
          .get(`/api/v1/audit-events?${query}`)
          .set(auth(a.staff.admin.token));
        expect(response.status).toBe(200);
        return response.body.data as {
          actorId: string;
          action: string;
          resourceId: string;
          occurredAt: string;
          requestId: string;
        }[];
      };

      const byResource = await list(`resourceType=Patient&resourceId=${patient.id}`);
      expect(byResource.map((e) => e.action)).toEqual(['read', 'create']);
      expect(byResource[0]).toMatchObject({
        actorId: a.staff.nurse.id,
        actorRole: 'nurse',
        clinicId: a.clinicId,
        resourceType: 'Patient',
        requestId: read.headers['x-request-id'],
      });
      const byActor = await list(`actorId=${a.staff.nurse.id}&action=read`);
      expect(byActor.map((e) => e.resourceId)).toContain(patient.id);
      expect(byActor.every((e) => e.actorId === a.staff.nurse.id && e.action === 'read')).toBe(
        true,
      );

      const readAt = byResource[0]?.occurredAt as string;
      const createdAt = byResource[1]?.occurredAt as string;
      expect(
        await list(`resourceId=${patient.id}&from=${encodeURIComponent(readAt)}`),
      ).toHaveLength(1);
      expect(await list(`resourceId=${patient.id}&to=${encodeURIComponent(readAt)}`)).toHaveLength(
        1,
      );
      expect(
        await list(`resourceId=${patient.id}&to=${encodeURIComponent(createdAt)}`),
      ).toHaveLength(0);
      expect(await list(`resourceType=User&resourceId=${patient.id}`)).toEqual([]);
      expectProblem(
        await app.http().get('/api/v1/audit-events?from=not-a-date').set(auth(a.staff.admin.token)),
        400,
      );
      expectProblem(
        await app.http().get('/api/v1/audit-events?action=delete').set(auth(a.staff.admin.token)),
        400,
      );
    });

    it('should page through every event exactly once', async () => {
      for (let i = 0; i < 5; i += 1) {
        await newPatient(app, a.staff.clinician.token);
      }
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE clinic_id = $1 AND action = 'create'`,
        [a.clinicId],
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      let previous = Infinity;
      do {
        const query: string = `action=create&clinicId=${a.clinicId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await app
          .http()
          .get(`/api/v1/audit-events?${query}`)
          .set(auth(a.staff.admin.token));
        expect(page.status).toBe(200);
        for (const event of page.body.data as { occurredAt: string }[]) {
          const at = Date.parse(event.occurredAt);
          expect(at).toBeLessThanOrEqual(previous);
          previous = at;
        }
        seen.push(...idsOf(page));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toHaveLength(rows[0].n as number);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('should show an admin of clinic B none of clinic A’s events, logins and staff changes included', async () => {
      const patient = await newPatient(app, a.staff.clinician.token);
      await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(a.staff.clinician.token));
      const aStaff = Object.values(a.staff).map((s) => s.id);

      const seen: { clinicId: string | null; actorId: string | null; resourceId: string | null }[] =
        [];
      let cursor: string | null = null;
      do {
        const page = await app
          .http()
          .get(
            `/api/v1/audit-events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          )
          .set(auth(b.staff.admin.token));
        expect(page.status).toBe(200);
        seen.push(...(page.body.data as typeof seen));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.filter((e) => e.clinicId === a.clinicId)).toEqual([]);
      expect(
        seen.filter((e) => aStaff.includes(e.actorId ?? '') || aStaff.includes(e.resourceId ?? '')),
      ).toEqual([]);
      // B's admin does see B's own staff's logins and creation.
      expect(seen.some((e) => e.resourceId === b.staff.nurse.id)).toBe(true);

      const direct = await app
        .http()
        .get(`/api/v1/audit-events?resourceId=${patient.id}`)
        .set(auth(b.staff.admin.token));
      expect(direct.body).toEqual({ data: [], nextCursor: null });
      const foreignClinic = await app
        .http()
        .get(`/api/v1/audit-events?clinicId=${a.clinicId}`)
        .set(auth(b.staff.admin.token));
      expectProblem(foreignClinic, 404, 'CLINIC_NOT_FOUND');
    });
  });

  it('should refuse to update, delete or truncate audit rows, even for the database owner', async () => {
    const { rows } = await app.db.query('SELECT id FROM audit_events LIMIT 1');
    const id = rows[0].id as string;
    await expect(
      app.db.query(`UPDATE audit_events SET action = 'read' WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM audit_events WHERE id = $1', [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(app.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    const after = await app.db.query('SELECT count(*)::int AS n FROM audit_events WHERE id = $1', [
      id,
    ]);
    expect(after.rows[0].n).toBe(1);
  });
});
