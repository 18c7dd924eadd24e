import { randomUUID } from 'node:crypto';
import { auditEventsStatement } from 'src/audit/audit-events.sql';
import { patientSearchStatement } from 'src/patients/patients.sql';
import { sessionSearchStatement } from 'src/sessions/sessions.sql';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
  Staff,
} from 'test/support/fixtures';
import {
  action,
  newChair,
  newLot,
  newSessionReadyToStart,
  rewindStart,
} from 'test/support/sessions.fixtures';
import { newActivePlan } from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';
import { QueryRunner } from 'typeorm';
import { AuditListIndexes1763700600000 } from 'migrations/1763700600000-AuditListIndexes';

interface AuditRow {
  action: string;
  clinic_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  resource_type: string;
  resource_id: string | null;
  resource_ids: string[] | null;
  details: { filters?: string[] } | null;
}

// Issue 10: the hot reads are one statement that reads and writes its audit events; lists walk each
// clinic's keyset index. Behaviour (bodies, audit trail, order) is what the ORM paths gave.
describe('read paths: one statement per read, keyset per clinic', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;
  let both: Staff;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
    both = await newStaff(app, root, 'clinician', [a.clinicId, b.clinicId]);
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const get = (path: string, token: string, requestId = randomUUID()) =>
    app.http().get(path).set(auth(token)).set('X-Request-Id', requestId);

  const eventsOf = async (requestId: string) =>
    (
      await app.db.query<AuditRow>(
        `SELECT action, clinic_id, actor_id, actor_role, resource_type, resource_id, resource_ids, details
           FROM audit_events WHERE request_id = $1 AND outcome = 'success'
          ORDER BY clinic_id NULLS FIRST`,
        [requestId],
      )
    ).rows;

  it('should write exactly one READ event, by the same statement, for a patient read; no read event for a foreign one (its refusal: test/refused-access.e2e-spec.ts)', async () => {
    const patient = await newPatient(app, a.staff.front_desk.token, {
      externalIdentifiers: [
        { system: 'urn:ehr:b', value: 'B-1' },
        { system: 'urn:ehr:a', value: 'A-1' },
      ],
    });
    const requestId = randomUUID();
    const read = await get(`/api/v1/patients/${patient.id}`, both.token, requestId);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(patient);
    expect(read.headers.etag).toBe(`"${patient.version}"`);
    expect(await eventsOf(requestId)).toEqual([
      {
        action: 'read',
        clinic_id: a.clinicId,
        actor_id: both.id,
        actor_role: 'clinician',
        resource_type: 'Patient',
        resource_id: patient.id,
        resource_ids: null,
        details: null,
      },
    ]);

    const foreignId = randomUUID();
    const foreign = await get(`/api/v1/patients/${patient.id}`, b.staff.clinician.token, foreignId);
    expect(foreign.status).toBe(404);
    expect(await eventsOf(foreignId)).toEqual([]);
  });

  it('should page across two clinics in creation order and audit each page per clinic, without the look-ahead row', async () => {
    const lastName = `Keyset${randomUUID().slice(0, 8)}`;
    const created: { id: string; clinicId: string }[] = [];
    for (const world of [a, b, b, a, b]) {
      const p = await newPatient(app, world.staff.front_desk.token, { lastName });
      created.push({ id: p.id, clinicId: world.clinicId });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const requestId = randomUUID();
      const page = await get(
        `/api/v1/patients?name=${lastName}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        both.token,
        requestId,
      );
      expect(page.status).toBe(200);
      const ids = (page.body.data as { id: string }[]).map((p) => p.id);
      seen.push(...ids);
      const events = await eventsOf(requestId);
      // One LIST event per clinic shown, its ids in page order; the row read past the page is not shown.
      expect(events.flatMap((e) => e.resource_ids ?? []).sort()).toEqual([...ids].sort());
      for (const event of events) {
        expect(event).toMatchObject({
          action: 'list',
          actor_id: both.id,
          resource_type: 'Patient',
        });
        expect(event.details).toEqual({ filters: ['name'] });
        expect(event.resource_ids).toEqual(
          ids.filter((id) => created.find((c) => c.id === id)?.clinicId === event.clinic_id),
        );
      }
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(created.map((c) => c.id));
  });

  it('should audit every list page, empty or not, in each clinic searched (issue 11)', async () => {
    const bothClinics = [a.clinicId, b.clinicId].sort();
    const nobody = () => `Nobody${randomUUID().slice(0, 6)}`;
    for (const [path, clinics] of [
      [`/api/v1/patients?name=${nobody()}&clinicId=${a.clinicId}`, [a.clinicId]],
      [`/api/v1/patients?name=${nobody()}`, bothClinics],
      [
        `/api/v1/sessions?clinicId=${b.clinicId}&from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z`,
        [b.clinicId],
      ],
      [`/api/v1/sessions?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z`, bothClinics],
      [`/api/v1/treatment-plans?patientId=${randomUUID()}`, bothClinics],
      [`/api/v1/consultation-appointments?date=2001-01-01`, bothClinics],
    ] as const) {
      const requestId = randomUUID();
      const page = await get(path, both.token, requestId);
      expect(page.status).toBe(200);
      expect(page.body).toEqual({ data: [], nextCursor: null });
      expect(await eventsOf(requestId)).toEqual(
        clinics.map((clinicId) => ({
          action: 'list',
          clinic_id: clinicId,
          actor_id: both.id,
          actor_role: 'clinician',
          resource_type: expect.any(String) as unknown,
          resource_id: null,
          resource_ids: [],
          details: expect.anything() as unknown,
        })),
      );
    }
  });

  it('should read a session in one statement exactly as the ORM reads it after a change', async () => {
    const lotId = await newLot(app, a);
    const { sessionId } = await newSessionReadyToStart(app, a, await newChair(app, a));
    const nurse = a.staff.nurse.token;
    const started = await action(app, nurse, sessionId, 'start', { lotId });
    expect(started.status).toBe(200);
    await rewindStart(app, sessionId);
    const adverse = await action(app, nurse, sessionId, 'adverse-events', {
      type: 'nausea',
      severity: 'mild',
      onsetAt: new Date(Date.now() - 60_000).toISOString(),
      intervention: 'Ondansetron 4 mg IV',
      outcome: 'resolved',
    });
    expect(adverse.status).toBe(201);
    const ended = await action(app, nurse, sessionId, 'end', {
      administeredMg: started.body.plannedDoseMg,
    });
    expect(ended.status).toBe(200);

    const requestId = randomUUID();
    const read = await get(`/api/v1/sessions/${sessionId}`, a.staff.clinician.token, requestId);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(ended.body);
    expect(read.body.vitals).toHaveLength(1);
    expect(read.body.adverseEvents).toHaveLength(1);
    expect((read.body.controlledSubstance as unknown[]).length).toBeGreaterThan(0);
    expect(await eventsOf(requestId)).toEqual([
      expect.objectContaining({
        action: 'read',
        clinic_id: a.clinicId,
        resource_type: 'InfusionSession',
        resource_id: sessionId,
      }),
    ]);
  });

  it('should audit a plan’s versions page naming the versions shown, a version read and its history, each by its read; nothing for a missing version or a foreign plan', async () => {
    const patient = await newPatient(app, a.staff.front_desk.token);
    const plan = await newActivePlan(app, a, patient.id);
    const plans = `/api/v1/treatment-plans/${plan.id}`;
    const amended = await app
      .http()
      .post(`${plans}/amendments`)
      .set(auth(a.staff.clinician.token))
      .set('If-Match', `"${plan.version}"`)
      .send({ reason: 'No response after infusion 3', protocol: { doseMgPerKg: 0.75 } });
    expect(amended.status).toBe(201);
    const token = both.token;

    const firstId = randomUUID();
    const first = await get(`${plans}/versions?limit=1`, token, firstId);
    expect(first.status).toBe(200);
    const shown = first.body.data as { id: string; amendmentNumber: number }[];
    expect(shown.map((v) => v.amendmentNumber)).toEqual([1]);
    const v1 = shown[0] as { id: string };
    const listEvent = {
      action: 'list',
      clinic_id: a.clinicId,
      actor_id: both.id,
      actor_role: 'clinician',
      resource_type: 'TreatmentPlanVersion',
      resource_id: null,
      details: { planId: plan.id },
    };
    expect(await eventsOf(firstId)).toEqual([{ ...listEvent, resource_ids: [v1.id] }]);

    const nextId = randomUUID();
    const next = await get(
      `${plans}/versions?limit=1&cursor=${first.body.nextCursor}`,
      token,
      nextId,
    );
    expect(next.body).toMatchObject({ data: [{ amendmentNumber: 2 }], nextCursor: null });
    expect(await eventsOf(nextId)).toEqual([
      { ...listEvent, resource_ids: [next.body.data[0].id] },
    ]);

    const versionId = randomUUID();
    expect((await get(`${plans}/versions/1`, token, versionId)).body).toEqual(v1);
    expect(await eventsOf(versionId)).toEqual([
      { ...listEvent, action: 'read', resource_id: v1.id, resource_ids: null },
    ]);

    const historyId = randomUUID();
    const history = await get(`${plans}/history`, token, historyId);
    expect(history.status).toBe(200);
    expect(history.body.data.length).toBeGreaterThan(1);
    expect(await eventsOf(historyId)).toEqual([
      expect.objectContaining({
        action: 'read',
        clinic_id: a.clinicId,
        resource_type: 'TreatmentPlan',
        resource_id: plan.id,
        resource_ids: null,
      }),
    ]);

    const missingId = randomUUID();
    const missing = await get(`${plans}/versions/9`, token, missingId);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PLAN_VERSION_NOT_FOUND');
    expect(await eventsOf(missingId)).toEqual([]);
    for (const path of ['versions', 'versions/1', 'history']) {
      const foreignId = randomUUID();
      const foreign = await get(`${plans}/${path}`, b.staff.clinician.token, foreignId);
      expect([path, foreign.status, foreign.body.code]).toEqual([path, 404, 'PLAN_NOT_FOUND']);
      expect(await eventsOf(foreignId)).toEqual([]);
    }
  });

  it('should read a lot’s ledger and a clinic’s outcomes each in one statement with its READ event', async () => {
    const lotId = await newLot(app, a);
    const ledgerId = randomUUID();
    const ledger = await get(
      `/api/v1/clinics/${a.clinicId}/controlled-substance-lots/${lotId}/ledger`,
      a.staff.admin.token,
      ledgerId,
    );
    expect(ledger.status).toBe(200);
    expect(ledger.body.lot.id).toBe(lotId);
    expect((ledger.body.entries as { kind: string }[]).map((e) => e.kind)).toEqual(['receipt']);
    expect(await eventsOf(ledgerId)).toEqual([
      expect.objectContaining({
        action: 'read',
        clinic_id: a.clinicId,
        resource_type: 'ControlledSubstanceLot',
        resource_id: lotId,
      }),
    ]);
    const foreignLot = await get(
      `/api/v1/clinics/${b.clinicId}/controlled-substance-lots/${lotId}/ledger`,
      b.staff.admin.token,
    );
    expect(foreignLot.status).toBe(404);

    const outcomesId = randomUUID();
    const outcomes = await get(`/api/v1/clinics/${b.clinicId}/outcomes`, both.token, outcomesId);
    expect(outcomes.body).toEqual({
      clinicId: b.clinicId,
      endOfInductionWindowDays: 7,
      indications: [],
    });
    expect(await eventsOf(outcomesId)).toEqual([
      expect.objectContaining({
        action: 'read',
        clinic_id: b.clinicId,
        resource_type: 'ClinicOutcomes',
        resource_id: b.clinicId,
      }),
    ]);
    const foreignOutcomes = await get(
      `/api/v1/clinics/${b.clinicId}/outcomes`,
      a.staff.clinician.token,
    );
    expect(foreignOutcomes.status).toBe(404);
  });

  describe('query plans of the lists (EXPLAIN of the statements the repositories send)', () => {
    const planOf = async (statement: { text: string; values: unknown[] }, noSeqScan = false) => {
      const client = await app.db.connect();
      try {
        if (noSeqScan) await client.query('SET enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN ${statement.text}`,
          statement.values,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        if (noSeqScan) await client.query('RESET enable_seqscan');
        client.release();
      }
    };

    it('should walk each clinic’s (clinic_id, created_at, id) index in order for a first and a later page of patients', async () => {
      await app.db.query(
        `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex_at_birth)
         SELECT CASE WHEN g % 2 = 0 THEN $1::uuid ELSE $2::uuid END, 'PLAN-' || g, 'First' || g,
                'Last' || g, '1980-01-01', 'male'
           FROM generate_series(1, 20000) g`,
        [a.clinicId, b.clinicId],
      );
      await app.db.query('ANALYZE patients');
      const page = {
        scope: [a.clinicId, b.clinicId],
        includeArchived: false,
        nameTokens: [],
        limit: 25,
      };
      for (const statement of [
        patientSearchStatement(page),
        patientSearchStatement({ ...page, after: [new Date().toISOString(), randomUUID()] }),
        patientSearchStatement({ ...page, scope: [a.clinicId] }),
      ]) {
        // Either list index walks the clinic in order; the page size stops it.
        const plan = await planOf(statement);
        expect(plan).toMatch(/Limit.*\n.*Index Scan using patients_(active_)?list_idx on patients/);
        expect(plan).not.toMatch(/Seq Scan on patients/);
      }
      const archived = await planOf(patientSearchStatement({ ...page, includeArchived: true }));
      expect(archived).toMatch(/Index Scan using patients_list_idx/);
    });

    it('should walk an index per part of the audit trail: each clinic, and the clinic-less events by and about the caller', async () => {
      await app.db.query(
        `INSERT INTO audit_events (clinic_id, actor_id, action, resource_type, occurred_at)
         SELECT CASE g % 3 WHEN 0 THEN $1::uuid WHEN 1 THEN $2::uuid END, $3::uuid, 'login', 'User',
                now() - make_interval(secs => g)
           FROM generate_series(1, 30000) g`,
        [a.clinicId, b.clinicId, a.staff.nurse.id],
      );
      await app.db.query('ANALYZE audit_events');
      const page = {
        clinicIds: [a.clinicId, b.clinicId],
        includeClinicless: true,
        selfId: a.staff.admin.id,
        limit: 25,
      };
      for (const statement of [
        auditEventsStatement(page),
        auditEventsStatement({ ...page, after: [new Date().toISOString(), randomUUID()] }),
      ]) {
        const plan = await planOf(statement);
        for (const index of [
          'audit_events_clinic_time_idx',
          'audit_events_clinicless_actor_idx',
          'audit_events_clinicless_resource_idx',
        ]) {
          expect(plan).toContain(`Index Scan using ${index}`);
        }
        expect(plan).not.toMatch(/Seq Scan on audit_events/);
      }
    });

    it('should walk each clinic’s (clinic_id, scheduled_start, id) index for a day’s sessions', async () => {
      await app.db.query('ANALYZE infusion_sessions');
      const plan = await planOf(
        sessionSearchStatement({
          scope: [a.clinicId, b.clinicId],
          from: '2026-12-01T00:00:00Z',
          to: '2026-12-02T00:00:00Z',
          limit: 25,
        }),
        true,
      );
      expect(plan).toMatch(/Index Scan using infusion_sessions_clinic_start_idx/);
      expect(plan).not.toMatch(/Seq Scan on infusion_sessions/);
    });
  });

  it('should undo the audit list indexes with down and redo them with up', async () => {
    const client = await app.db.connect();
    const indexes = async () =>
      (
        await client.query<{ indexname: string }>(
          `SELECT indexname FROM pg_indexes WHERE indexname LIKE 'audit_events_clinicless_%' ORDER BY 1`,
        )
      ).rows.map((r) => r.indexname);
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      expect(await indexes()).toEqual([
        'audit_events_clinicless_actor_idx',
        'audit_events_clinicless_resource_idx',
      ]);
      await new AuditListIndexes1763700600000().down(runner);
      expect(await indexes()).toEqual([]);
      await new AuditListIndexes1763700600000().up(runner);
      expect(await indexes()).toHaveLength(2);
    } finally {
      client.release();
    }
  });
});
