import { startTestApp, TestApp } from 'test/support/test-app';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
} from 'test/support/fixtures';
import {
  CSSRS,
  newFollowUp,
  PHQ9,
  postAssessment,
  recordAssessment,
  todayIn,
} from 'test/support/follow-ups.fixtures';

// Issue 5 §1-2; rules from ../shared/domain/ketamine-clinic.md §5.
describe('instruments, assessments and suicide-risk alerts', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;
  let patientId: string;
  let otherPatientId: string;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
    patientId = (await newPatient(app, a.staff.clinician.token)).id;
    otherPatientId = (await newPatient(app, b.staff.clinician.token)).id;
  }, 120_000);
  afterAll(async () => {
    await app.stop();
  });

  const countRows = async (table: string, patient: string) =>
    Number(
      (await app.db.query(`SELECT count(*) FROM ${table} WHERE patient_id = $1`, [patient])).rows[0]
        .count,
    );

  it('should describe every measurement-based-care operation in the OpenAPI document', async () => {
    const res = await app.http().get('/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      paths: Record<string, Record<string, { operationId: string; tags: string[] }>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method} ${path} ${op.operationId}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'get /api/v1/instruments listInstruments',
        'post /api/v1/assessments createAssessment',
        'get /api/v1/assessments listAssessments',
        'get /api/v1/assessments/{id} getAssessment',
        'get /api/v1/alerts listAlerts',
        'get /api/v1/alerts/{id} getAlert',
        'post /api/v1/alerts/{id}/acknowledge acknowledgeAlert',
        'post /api/v1/follow-ups createFollowUp',
        'get /api/v1/follow-ups listFollowUps',
        'get /api/v1/follow-ups/overdue listOverdueFollowUps',
        'get /api/v1/follow-ups/{id} getFollowUp',
        'post /api/v1/follow-ups/{id}/complete completeFollowUp',
        'post /api/v1/follow-ups/{id}/miss missFollowUp',
        'post /api/v1/patients/{id}/journal createJournalEntry',
        'get /api/v1/patients/{id}/journal listJournalEntries',
        'get /api/v1/patients/{id}/journal/{entryId} getJournalEntry',
        'get /api/v1/patients/{id}/outcomes getPatientOutcomes',
        'get /api/v1/clinics/{id}/outcomes getClinicOutcomes',
      ]),
    );
    const schemas = (res.body as { components: { schemas: Record<string, unknown> } }).components
      .schemas;
    expect(schemas.InstrumentListDto).toMatchObject({
      required: expect.arrayContaining(['data', 'nextCursor']),
      properties: { nextCursor: { type: 'string', nullable: true } },
    });
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['InstrumentCode', 'AlertKind', 'FollowUpNextStep', 'AssessmentFlag']),
    );
  });

  describe('GET /instruments', () => {
    it.each(['admin', 'clinician', 'nurse', 'front_desk'] as const)(
      'should list the six versioned instruments for %s',
      async (role) => {
        const res = await app.http().get('/api/v1/instruments').set(auth(a.staff[role].token));
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(['data', 'nextCursor']);
        expect(res.body.nextCursor).toBeNull();
        expect((res.body.data as { code: string }[]).map((i) => i.code)).toEqual([
          'phq9',
          'gad7',
          'pcl5',
          'cssrs_screener',
          'cadss6',
          'pain_nrs',
        ]);
        const phq9 = res.body.data[0];
        expect(phq9).toMatchObject({
          version: '1',
          scoring: 'sum',
          totalMin: 0,
          totalMax: 27,
          responseReductionPercent: 50,
          meaningfulImprovementReductionPercent: null,
          remissionAtOrBelow: 4,
          loincTotal: { code: '44261-6', uncertain: false },
        });
        expect(phq9.items[8]).toMatchObject({ code: 'phq9_9', min: 0, max: 3 });
        // response is ≥ 50 % on every outcome scale; PCL-5 and pain keep 30 % as meaningful improvement
        const thresholds = (
          res.body.data as {
            code: string;
            responseReductionPercent: number | null;
            meaningfulImprovementReductionPercent: number | null;
          }[]
        ).map((i) => [i.code, i.responseReductionPercent, i.meaningfulImprovementReductionPercent]);
        expect(thresholds).toEqual([
          ['phq9', 50, null],
          ['gad7', 50, null],
          ['pcl5', 50, 30],
          ['cssrs_screener', null, null],
          ['cadss6', null, null],
          ['pain_nrs', 50, 30],
        ]);
      },
    );

    it('should refuse a request without a token', async () => {
      expect((await app.http().get('/api/v1/instruments')).status).toBe(401);
    });
  });

  describe('POST /assessments', () => {
    it('should score a PHQ-9 on the server and store it with an audit event', async () => {
      const res = await postAssessment(app, a.staff.nurse.token, {
        patientId,
        instrumentCode: 'phq9',
        responses: PHQ9.mild,
        context: 'baseline',
        administeredAt: '2026-01-05T15:00:00Z',
      });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/api/v1/assessments/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        patientId,
        clinicId: a.clinicId,
        instrumentCode: 'phq9',
        instrumentVersion: '1',
        total: 8,
        band: 'mild',
        flags: [],
        context: 'baseline',
        administeredAt: '2026-01-05T15:00:00.000Z',
        recordedBy: a.staff.nurse.id,
        alerts: [],
      });
      const row = await app.db.query('SELECT * FROM assessments WHERE id = $1', [res.body.id]);
      expect(row.rows[0]).toMatchObject({ total: 8, band: 'mild', responses: PHQ9.mild });
      const audit = await app.db.query(
        `SELECT action, actor_id FROM audit_events WHERE resource_type = 'Assessment' AND resource_id = $1`,
        [res.body.id],
      );
      expect(audit.rows).toEqual([{ action: 'create', actor_id: a.staff.nurse.id }]);
    });

    it.each([
      ['gad7', [2, 2, 2, 1, 1, 1, 1], 10, 'moderate', ['positive_screen']],
      ['pcl5', Array<number>(20).fill(2), 40, 'probable PTSD', ['positive_screen']],
      ['cadss6', [1, 2, 0, 3, 4, 1], 11, null, []],
      ['pain_nrs', [7], 7, 'severe', []],
    ])('should score %s %j as %i', async (code, responses, total, band, flags) => {
      const res = await postAssessment(app, a.staff.clinician.token, {
        patientId,
        instrumentCode: code,
        responses,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ total, band, flags, alerts: [] });
    });

    it('should raise an open PHQ9_ITEM9_POSITIVE alert in the same transaction when item 9 > 0', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const res = await postAssessment(app, a.staff.nurse.token, {
        patientId: patient,
        instrumentCode: 'phq9',
        responses: PHQ9.withItem9(1),
      });
      expect(res.status).toBe(201);
      expect(res.body.flags).toEqual(['suicidal_ideation_item']);
      expect(res.body.alerts).toEqual([
        expect.objectContaining({
          kind: 'PHQ9_ITEM9_POSITIVE',
          severity: 'high',
          status: 'open',
          assessmentId: res.body.id,
          patientId: patient,
        }),
      ]);
      const alerts = await app.db.query(
        'SELECT kind, status, clinic_id FROM alerts WHERE assessment_id = $1',
        [res.body.id],
      );
      expect(alerts.rows).toEqual([
        { kind: 'PHQ9_ITEM9_POSITIVE', status: 'open', clinic_id: a.clinicId },
      ]);
      const audit = await app.db.query(
        `SELECT count(*) FROM audit_events WHERE resource_type = 'Alert' AND resource_id = $1 AND action = 'create'`,
        [res.body.alerts[0].id],
      );
      expect(audit.rows[0].count).toBe('1');
    });

    // Issue 5: "a positive C-SSRS screen raises an alert"; only moderate and high block (§5).
    it.each([
      ['none', CSSRS.none, [], []],
      ['low', CSSRS.low, ['CSSRS_LOW'], [{ severity: 'low', blocksInfusion: false }]],
      [
        'moderate',
        CSSRS.moderate,
        ['CSSRS_MODERATE'],
        [{ severity: 'moderate', blocksInfusion: true }],
      ],
      ['high', CSSRS.high, ['CSSRS_HIGH'], [{ severity: 'high', blocksInfusion: true }]],
    ])(
      'should rate a C-SSRS screen %s and raise the matching alerts',
      async (risk, responses, kinds, levels) => {
        const patient = (await newPatient(app, a.staff.clinician.token)).id;
        const res = await postAssessment(app, a.staff.clinician.token, {
          patientId: patient,
          instrumentCode: 'cssrs_screener',
          responses,
        });
        expect(res.status).toBe(201);
        expect(res.body.total).toBeNull();
        expect(res.body.band).toBe(risk);
        expect((res.body.alerts as { kind: string }[]).map((x) => x.kind)).toEqual(kinds);
        expect(
          (res.body.alerts as { severity: string; blocksInfusion: boolean }[]).map((x) => ({
            severity: x.severity,
            blocksInfusion: x.blocksInfusion,
          })),
        ).toEqual(levels);
        expect(await countRows('alerts', patient)).toBe(kinds.length);
      },
    );

    it.each([
      [
        'eight answers to the nine PHQ-9 items',
        { instrumentCode: 'phq9', responses: [0, 0, 0, 0, 0, 0, 0, 0] },
        'responses',
      ],
      [
        'a 4 on PHQ-9 item 9',
        { instrumentCode: 'phq9', responses: [0, 0, 0, 0, 0, 0, 0, 0, 4] },
        'responses[8]',
      ],
      [
        'a skipped PHQ-9 item',
        { instrumentCode: 'phq9', responses: [0, null, 0, 0, 0, 0, 0, 0, 0] },
        'responses[1]',
      ],
      [
        'a string answer',
        { instrumentCode: 'gad7', responses: [0, '1', 0, 0, 0, 0, 0] },
        'responses[1]',
      ],
      ['pain 11', { instrumentCode: 'pain_nrs', responses: [11] }, 'responses[0]'],
      [
        'C-SSRS Q3 skipped when Q2 is yes',
        { instrumentCode: 'cssrs_screener', responses: [1, 1, null, 0, 0, 0, null] },
        'responses[2]',
      ],
      ['an unknown instrument', { instrumentCode: 'madrs', responses: [0] }, 'instrumentCode'],
      [
        'an unknown version',
        { instrumentCode: 'phq9', instrumentVersion: '9', responses: PHQ9.mild },
        'instrumentVersion',
      ],
      [
        'an unknown context',
        { instrumentCode: 'phq9', responses: PHQ9.mild, context: 'lunch' },
        'context',
      ],
      [
        'a future time',
        { instrumentCode: 'phq9', responses: PHQ9.mild, administeredAt: '2999-01-01T00:00:00Z' },
        'administeredAt',
      ],
      ['an unknown field', { instrumentCode: 'phq9', responses: PHQ9.mild, score: 3 }, 'score'],
    ])('should answer 400 for %s, naming the field, and store nothing', async (_, body, field) => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const res = await postAssessment(app, a.staff.nurse.token, { patientId: patient, ...body });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      expect(await countRows('assessments', patient)).toBe(0);
    });

    it('should answer 404 for a patient of another clinic and store nothing', async () => {
      const res = await postAssessment(app, a.staff.clinician.token, {
        patientId: otherPatientId,
        instrumentCode: 'phq9',
        responses: PHQ9.withItem9(2),
      });
      expect(res.status).toBe(404);
      expect(await countRows('assessments', otherPatientId)).toBe(0);
      expect(await countRows('alerts', otherPatientId)).toBe(0);
    });

    it('should link a follow-up of the same patient and refuse one of another patient', async () => {
      const followUp = await newFollowUp(
        app,
        a.staff.nurse.token,
        patientId,
        todayIn('America/Denver', 1),
      );
      const linked = await postAssessment(app, a.staff.nurse.token, {
        patientId,
        instrumentCode: 'phq9',
        responses: PHQ9.mild,
        context: 'follow_up',
        followUpId: followUp.id,
      });
      expect(linked.status).toBe(201);
      expect(linked.body.followUpId).toBe(followUp.id);
      const stranger = (await newPatient(app, a.staff.clinician.token)).id;
      const refused = await postAssessment(app, a.staff.nurse.token, {
        patientId: stranger,
        instrumentCode: 'phq9',
        responses: PHQ9.mild,
        followUpId: followUp.id,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { field: 'followUpId', message: 'followUpId belongs to another patient' },
      ]);
    });

    it('should forbid front desk to record or read assessments', async () => {
      const res = await postAssessment(app, a.staff.front_desk.token, {
        patientId,
        instrumentCode: 'phq9',
        responses: PHQ9.mild,
      });
      expect(res.status).toBe(403);
      const list = await app.http().get('/api/v1/assessments').set(auth(a.staff.front_desk.token));
      expect(list.status).toBe(403);
    });

    it('should let admins read assessments but not record them (clinical data: clinicians and nurses)', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const refused = await postAssessment(app, a.staff.admin.token, {
        patientId: patient,
        instrumentCode: 'phq9',
        responses: PHQ9.withItem9(1),
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      expect(await countRows('assessments', patient)).toBe(0);
      expect(await countRows('alerts', patient)).toBe(0);
      const recorded = await recordAssessment(
        app,
        a.staff.clinician.token,
        patient,
        'phq9',
        PHQ9.mild,
      );
      const got = await app
        .http()
        .get(`/api/v1/assessments/${recorded.id}`)
        .set(auth(a.staff.admin.token));
      expect(got.status).toBe(200);
      const list = await app
        .http()
        .get(`/api/v1/assessments?patientId=${patient}`)
        .set(auth(a.staff.admin.token));
      expect((list.body.data as { id: string }[]).map((x) => x.id)).toEqual([recorded.id]);
    });
  });

  describe('GET /assessments', () => {
    it('should list newest first with a cursor, within the caller’s clinics only', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      for (const day of ['01', '02', '03']) {
        await recordAssessment(app, a.staff.nurse.token, patient, 'phq9', PHQ9.mild, {
          administeredAt: `2026-02-${day}T10:00:00Z`,
        });
      }
      const first = await app
        .http()
        .get(`/api/v1/assessments?patientId=${patient}&limit=2`)
        .set(auth(a.staff.nurse.token));
      expect(first.status).toBe(200);
      expect(
        (first.body.data as { administeredAt: string }[]).map((x) => x.administeredAt),
      ).toEqual(['2026-02-03T10:00:00.000Z', '2026-02-02T10:00:00.000Z']);
      const second = await app
        .http()
        .get(`/api/v1/assessments?patientId=${patient}&limit=2&cursor=${first.body.nextCursor}`)
        .set(auth(a.staff.nurse.token));
      expect(second.body.data).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();

      const foreign = await app
        .http()
        .get(`/api/v1/assessments?patientId=${patient}`)
        .set(auth(b.staff.clinician.token));
      expect(foreign.status).toBe(200);
      expect(foreign.body.data).toEqual([]);
      const audit = await app.db.query(
        `SELECT count(*) FROM audit_events WHERE resource_type = 'Assessment' AND action = 'list' AND actor_id = $1`,
        [a.staff.nurse.id],
      );
      expect(Number(audit.rows[0].count)).toBeGreaterThanOrEqual(2);
    });

    it('should get one by id with an ETag and answer 404 from another clinic', async () => {
      const created = await recordAssessment(
        app,
        a.staff.nurse.token,
        patientId,
        'gad7',
        [0, 0, 0, 0, 0, 0, 0],
      );
      const got = await app
        .http()
        .get(`/api/v1/assessments/${created.id}`)
        .set(auth(a.staff.clinician.token));
      expect(got.status).toBe(200);
      expect(got.headers.etag).toBe('"1"');
      expect(got.body.total).toBe(0);
      const read = await app.db.query(
        `SELECT count(*) FROM audit_events WHERE resource_type = 'Assessment' AND action = 'read' AND resource_id = $1`,
        [created.id],
      );
      expect(read.rows[0].count).toBe('1');
      const foreign = await app
        .http()
        .get(`/api/v1/assessments/${created.id}`)
        .set(auth(b.staff.clinician.token));
      expect(foreign.status).toBe(404);
    });
  });

  describe('alerts', () => {
    const newAlert = async (world: ClinicWorld = a) => {
      const patient = (await newPatient(app, world.staff.clinician.token)).id;
      const assessment = await recordAssessment(
        app,
        world.staff.nurse.token,
        patient,
        'phq9',
        PHQ9.withItem9(2),
      );
      const alert = assessment.alerts[0];
      if (!alert) throw new Error('no alert raised');
      return { patient, alertId: alert.id };
    };

    it('should list open alerts of the clinic for clinicians and nurses, not front desk', async () => {
      const { alertId } = await newAlert();
      const { alertId: foreignId } = await newAlert(b);
      for (const role of ['admin', 'clinician', 'nurse'] as const) {
        const res = await app
          .http()
          .get(`/api/v1/alerts?clinicId=${a.clinicId}&status=open&limit=100`)
          .set(auth(a.staff[role].token));
        expect(res.status).toBe(200);
        const ids = (res.body.data as { id: string }[]).map((x) => x.id);
        expect(ids).toContain(alertId);
        expect(ids).not.toContain(foreignId);
      }
      const frontDesk = await app.http().get('/api/v1/alerts').set(auth(a.staff.front_desk.token));
      expect(frontDesk.status).toBe(403);
    });

    it('should list a low C-SSRS alert as open for clinicians, marked as not blocking', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const assessment = await recordAssessment(
        app,
        a.staff.nurse.token,
        patient,
        'cssrs_screener',
        CSSRS.low,
      );
      const res = await app
        .http()
        .get(`/api/v1/alerts?patientId=${patient}&status=open`)
        .set(auth(a.staff.clinician.token));
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        expect.objectContaining({
          assessmentId: assessment.id,
          kind: 'CSSRS_LOW',
          severity: 'low',
          blocksInfusion: false,
          status: 'open',
        }),
      ]);
      const row = await app.db.query(
        'SELECT kind, severity, status FROM alerts WHERE patient_id = $1',
        [patient],
      );
      expect(row.rows).toEqual([{ kind: 'CSSRS_LOW', severity: 'low', status: 'open' }]);
    });

    it('should page through alerts without skipping or repeating one (created_at kept at milliseconds)', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const raised: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const assessment = await recordAssessment(
          app,
          a.staff.nurse.token,
          patient,
          'phq9',
          PHQ9.withItem9(1),
        );
        raised.push(assessment.alerts[0]?.id ?? '');
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const r: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } =
          await app
            .http()
            .get(`/api/v1/alerts?patientId=${patient}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
            .set(auth(a.staff.clinician.token));
        expect(r.status).toBe(200);
        seen.push(...r.body.data.map((x) => x.id));
        cursor = r.body.nextCursor;
        if (!cursor) break;
      }
      expect([...seen].sort()).toEqual([...raised].sort());
      // A cursor carries milliseconds; a stored microsecond would let the next page skip rows.
      const sub = await app.db.query(
        `SELECT count(*)::int AS n FROM alerts WHERE patient_id = $1 AND created_at <> date_trunc('milliseconds', created_at)`,
        [patient],
      );
      expect(sub.rows[0].n).toBe(0);
    });

    it('should let a clinician acknowledge with a note, recording who and when', async () => {
      const { alertId } = await newAlert();
      const res = await app
        .http()
        .post(`/api/v1/alerts/${alertId}/acknowledge`)
        .set(auth(a.staff.clinician.token))
        .set('If-Match', '"1"')
        .send({ note: 'Reviewed; safety plan in place; no intent.' });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({
        status: 'acknowledged',
        acknowledgedBy: a.staff.clinician.id,
        acknowledgementNote: 'Reviewed; safety plan in place; no intent.',
      });
      const row = await app.db.query(
        'SELECT status, acknowledged_by, acknowledged_at FROM alerts WHERE id = $1',
        [alertId],
      );
      expect(row.rows[0]).toMatchObject({
        status: 'acknowledged',
        acknowledged_by: a.staff.clinician.id,
      });
      expect(row.rows[0].acknowledged_at).toBeInstanceOf(Date);
      const audit = await app.db.query(
        `SELECT action_name, details FROM audit_events WHERE resource_type = 'Alert' AND resource_id = $1 AND action = 'action'`,
        [alertId],
      );
      expect(audit.rows).toEqual([{ action_name: 'acknowledge', details: { fields: ['note'] } }]);

      const again = await app
        .http()
        .post(`/api/v1/alerts/${alertId}/acknowledge`)
        .set(auth(a.staff.clinician.token))
        .send({ note: 'again' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ALERT_ALREADY_ACKNOWLEDGED');
    });

    // Acknowledging is the only way to clear the non-overridable pre-infusion check (§5).
    it.each([
      ['admin', 403],
      ['nurse', 403],
      ['front_desk', 403],
    ] as const)('should forbid %s to acknowledge (%i)', async (role, status) => {
      const { alertId } = await newAlert();
      const res = await app
        .http()
        .post(`/api/v1/alerts/${alertId}/acknowledge`)
        .set(auth(a.staff[role].token))
        .send({ note: 'seen' });
      expect(res.status).toBe(status);
      const row = await app.db.query('SELECT status FROM alerts WHERE id = $1', [alertId]);
      expect(row.rows[0].status).toBe('open');
    });

    it('should answer 400 without a note, 412 on a stale If-Match and 404 from another clinic', async () => {
      const { alertId } = await newAlert();
      const noNote = await app
        .http()
        .post(`/api/v1/alerts/${alertId}/acknowledge`)
        .set(auth(a.staff.clinician.token))
        .send({ note: '   ' });
      expect(noNote.status).toBe(400);
      expect(noNote.body.errors[0].field).toBe('note');
      const stale = await app
        .http()
        .post(`/api/v1/alerts/${alertId}/acknowledge`)
        .set(auth(a.staff.clinician.token))
        .set('If-Match', '"7"')
        .send({ note: 'ok' });
      expect(stale.status).toBe(412);
      const foreign = await app
        .http()
        .post(`/api/v1/alerts/${alertId}/acknowledge`)
        .set(auth(b.staff.clinician.token))
        .send({ note: 'ok' });
      expect(foreign.status).toBe(404);
      const foreignGet = await app
        .http()
        .get(`/api/v1/alerts/${alertId}`)
        .set(auth(b.staff.clinician.token));
      expect(foreignGet.status).toBe(404);
      const row = await app.db.query('SELECT status FROM alerts WHERE id = $1', [alertId]);
      expect(row.rows[0].status).toBe('open');
    });

    it('should let exactly one of several simultaneous acknowledgements win', async () => {
      const { alertId } = await newAlert();
      const second = await newStaff(app, root, 'clinician', [a.clinicId]);
      const results = await Promise.all(
        [a.staff.clinician.token, second.token, a.staff.clinician.token].map((token) =>
          app
            .http()
            .post(`/api/v1/alerts/${alertId}/acknowledge`)
            .set(auth(token))
            .send({ note: 'reviewed' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const audit = await app.db.query(
        `SELECT count(*) FROM audit_events WHERE resource_type = 'Alert' AND resource_id = $1 AND action = 'action'`,
        [alertId],
      );
      expect(audit.rows[0].count).toBe('1');
    });
  });
});
