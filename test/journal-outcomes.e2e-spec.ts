import { startTestApp, TestApp } from 'test/support/test-app';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinic,
  newClinicWorld,
  newPatient,
  newStaff,
} from 'test/support/fixtures';
import { PHQ9, recordAssessment, todayIn } from 'test/support/follow-ups.fixtures';
import { callInApp } from 'test/support/in-app';
import { newActivePlan } from 'test/support/plans.fixtures';

// Issue 5 §4-5; outcome arithmetic per ../shared/domain/ketamine-clinic.md §5.
describe('patient journal and outcomes', () => {
  let app: TestApp;
  let a: ClinicWorld;
  let b: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    const root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
  }, 120_000);
  afterAll(async () => {
    await app.stop();
  });

  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

  describe('journal', () => {
    it('should record entries on the patient’s behalf and list them newest day first', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      for (const [entryDate, mood] of [
        ['2026-03-01', 3],
        ['2026-03-03', 6],
        ['2026-03-02', 4],
      ] as const) {
        const res = await app
          .http()
          .post(`/api/v1/patients/${patient}/journal`)
          .set(auth(a.staff.nurse.token))
          .send({
            entryDate,
            mood,
            anxiety: 5,
            sleepHours: 6.5,
            sleepQuality: 4,
            text: 'slept badly',
            reportedVia: 'phone',
          });
        expect(res.status).toBe(201);
        expect(res.headers.location).toBe(`/api/v1/patients/${patient}/journal/${res.body.id}`);
        expect(res.body).toMatchObject({
          patientId: patient,
          mood,
          sleepHours: 6.5,
          reportedVia: 'phone',
          recordedBy: a.staff.nurse.id,
        });
      }
      const list = await app
        .http()
        .get(`/api/v1/patients/${patient}/journal?limit=2`)
        .set(auth(a.staff.clinician.token));
      expect(list.status).toBe(200);
      expect((list.body.data as { entryDate: string }[]).map((e) => e.entryDate)).toEqual([
        '2026-03-03',
        '2026-03-02',
      ]);
      const next = await app
        .http()
        .get(`/api/v1/patients/${patient}/journal?limit=2&cursor=${list.body.nextCursor}`)
        .set(auth(a.staff.clinician.token));
      expect((next.body.data as { mood: number }[]).map((e) => e.mood)).toEqual([3]);
      const rows = await app.db.query(
        'SELECT count(*) FROM journal_entries WHERE patient_id = $1',
        [patient],
      );
      expect(rows.rows[0].count).toBe('3');
      const audit = await app.db.query(
        `SELECT action, count(*)::int AS n FROM audit_events WHERE resource_type = 'JournalEntry' AND clinic_id = $1 GROUP BY action ORDER BY action`,
        [a.clinicId],
      );
      expect(audit.rows).toEqual([
        { action: 'create', n: 3 },
        { action: 'list', n: 2 },
      ]);
    });

    it.each([
      ['mood 11', { mood: 11 }, 'mood'],
      ['no mood', { mood: undefined }, 'mood'],
      ['anxiety -1', { anxiety: -1 }, 'anxiety'],
      ['25 hours of sleep', { sleepHours: 25 }, 'sleepHours'],
      ['a future day', { entryDate: '2999-01-01' }, 'entryDate'],
      ['an unknown source', { reportedVia: 'telepathy' }, 'reportedVia'],
    ])('should answer 400 for %s', async (_, change, field) => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const res = await app
        .http()
        .post(`/api/v1/patients/${patient}/journal`)
        .set(auth(a.staff.nurse.token))
        .send({ entryDate: '2026-03-01', mood: 5, reportedVia: 'in_person', ...change });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    });

    // Kiritimati is UTC+14 and Pago Pago UTC−11: at any hour their dates differ, so these are
    // deterministic. A UTC check refused today's entry in Kiritimati for 14 hours a day.
    it('should judge "not in the future" by today in the clinic’s time zone', async () => {
      const root = await loginAsRootAdmin(app);
      const entryFor = async (timezone: string) => {
        const clinic = await newClinic(app, root, { timezone });
        const nurse = await newStaff(app, root, 'nurse', [clinic.id]);
        const clinician = await newStaff(app, root, 'clinician', [clinic.id]);
        const patient = (await newPatient(app, clinician.token)).id;
        return async (entryDate: string) => {
          const res = await app
            .http()
            .post(`/api/v1/patients/${patient}/journal`)
            .set(auth(nurse.token))
            .send({ entryDate, mood: 6, reportedVia: 'phone' });
          const rows = await app.db.query(
            'SELECT entry_date::text AS d FROM journal_entries WHERE patient_id = $1',
            [patient],
          );
          return { res, stored: (rows.rows as { d: string }[]).map((r) => r.d) };
        };
      };
      const kiritimati = await entryFor('Pacific/Kiritimati');
      const today = todayIn('Pacific/Kiritimati');
      const accepted = await kiritimati(today);
      expect(accepted.res.status).toBe(201);
      expect(accepted.res.body.entryDate).toBe(today);
      const tomorrow = await kiritimati(todayIn('Pacific/Kiritimati', 1));
      expect(tomorrow.res.status).toBe(400);
      expect(tomorrow.res.body.code).toBe('ENTRY_DATE_IN_FUTURE');
      expect(tomorrow.res.body.errors[0].field).toBe('entryDate');
      expect(tomorrow.stored).toEqual([today]);

      // Kiritimati's today is still tomorrow in Pago Pago
      const pagoPago = await entryFor('Pacific/Pago_Pago');
      const ahead = await pagoPago(todayIn('Pacific/Kiritimati'));
      expect(ahead.res.status).toBe(400);
      expect(ahead.res.body.code).toBe('ENTRY_DATE_IN_FUTURE');
      expect(ahead.stored).toEqual([]);
      expect((await pagoPago(todayIn('Pacific/Pago_Pago'))).res.status).toBe(201);
    });

    it('should get one entry at the Location the create answered, audited, and 404 it elsewhere', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const created = await app
        .http()
        .post(`/api/v1/patients/${patient}/journal`)
        .set(auth(a.staff.nurse.token))
        .send({ entryDate: '2026-03-04', mood: 7, text: 'better week', reportedVia: 'in_person' });
      expect(created.status).toBe(201);
      const got = await app
        .http()
        .get(created.headers.location as string)
        .set(auth(a.staff.clinician.token));
      expect(got.status).toBe(200);
      expect(got.headers.etag).toBe('"1"');
      expect(got.body).toEqual(created.body);
      const audit = await app.db.query(
        `SELECT actor_id FROM audit_events WHERE resource_type = 'JournalEntry' AND action = 'read' AND resource_id = $1`,
        [created.body.id],
      );
      expect(audit.rows).toEqual([{ actor_id: a.staff.clinician.id }]);

      const foreign = await app
        .http()
        .get(created.headers.location as string)
        .set(auth(b.staff.clinician.token));
      expect(foreign.status).toBe(404);
      const other = (await newPatient(app, a.staff.clinician.token)).id;
      const wrongPatient = await app
        .http()
        .get(`/api/v1/patients/${other}/journal/${created.body.id}`)
        .set(auth(a.staff.clinician.token));
      expect(wrongPatient.status).toBe(404);
      expect(wrongPatient.body.code).toBe('JOURNAL_ENTRY_NOT_FOUND');
      const malformed = await app
        .http()
        .get(`/api/v1/patients/${patient}/journal/not-a-uuid`)
        .set(auth(a.staff.clinician.token));
      expect(malformed.status).toBe(400);
      const frontDesk = await app
        .http()
        .get(created.headers.location as string)
        .set(auth(a.staff.front_desk.token));
      expect(frontDesk.status).toBe(403);
    });

    it('should refuse new assessments, follow-ups and entries for an archived patient (409)', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const archived = await app
        .http()
        .delete(`/api/v1/patients/${patient}`)
        .set(auth(a.staff.clinician.token));
      expect(archived.status).toBe(200);
      const token = a.staff.nurse.token;
      const results = await Promise.all([
        app
          .http()
          .post(`/api/v1/patients/${patient}/journal`)
          .set(auth(token))
          .send({ entryDate: '2026-03-01', mood: 5, reportedVia: 'phone' }),
        app.http().post('/api/v1/assessments').set(auth(token)).send({
          patientId: patient,
          instrumentCode: 'phq9',
          responses: PHQ9.mild,
          context: 'follow_up',
        }),
        app
          .http()
          .post('/api/v1/follow-ups')
          .set(auth(token))
          .send({ patientId: patient, dueDate: '2026-04-01' }),
      ]);
      expect(results.map((r) => [r.status, r.body.code as string])).toEqual([
        [409, 'PATIENT_ARCHIVED'],
        [409, 'PATIENT_ARCHIVED'],
        [409, 'PATIENT_ARCHIVED'],
      ]);
    });

    it('should let admins read the journal but not write in it', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const refused = await app
        .http()
        .post(`/api/v1/patients/${patient}/journal`)
        .set(auth(a.staff.admin.token))
        .send({ entryDate: '2026-03-01', mood: 5, reportedVia: 'in_person' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      const rows = await app.db.query(
        'SELECT count(*) FROM journal_entries WHERE patient_id = $1',
        [patient],
      );
      expect(rows.rows[0].count).toBe('0');
      const list = await app
        .http()
        .get(`/api/v1/patients/${patient}/journal`)
        .set(auth(a.staff.admin.token));
      expect(list.status).toBe(200);
    });

    it('should keep front desk out and answer 404 across clinics', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const body = { entryDate: '2026-03-01', mood: 5, reportedVia: 'in_person' };
      const frontDesk = await app
        .http()
        .post(`/api/v1/patients/${patient}/journal`)
        .set(auth(a.staff.front_desk.token))
        .send(body);
      expect(frontDesk.status).toBe(403);
      const foreignPost = await app
        .http()
        .post(`/api/v1/patients/${patient}/journal`)
        .set(auth(b.staff.nurse.token))
        .send(body);
      expect(foreignPost.status).toBe(404);
      const foreignList = await app
        .http()
        .get(`/api/v1/patients/${patient}/journal`)
        .set(auth(b.staff.nurse.token));
      expect(foreignList.status).toBe(404);
    });
  });

  describe('patient outcomes', () => {
    it('should compute baseline, latest, change, percent change, response, remission and series', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const nurse = a.staff.nurse.token;
      const at = (day: string) => ({ administeredAt: `2026-01-${day}T15:00:00Z` });
      // a PHQ-9 taken before the baseline is in the series but is not the baseline
      await recordAssessment(app, nurse, patient, 'phq9', PHQ9.total(22), at('02'));
      const baseline = await recordAssessment(app, nurse, patient, 'phq9', PHQ9.total(20), {
        ...at('05'),
        context: 'baseline',
      });
      await recordAssessment(app, nurse, patient, 'phq9', PHQ9.total(12), at('09'));
      const latest = await recordAssessment(app, nurse, patient, 'phq9', PHQ9.total(4), {
        ...at('20'),
        context: 'follow_up',
      });
      // GAD-7 baseline 0: no percent change, no response
      await recordAssessment(app, nurse, patient, 'gad7', [0, 0, 0, 0, 0, 0, 0], {
        ...at('05'),
        context: 'baseline',
      });
      await recordAssessment(app, nurse, patient, 'gad7', [1, 0, 0, 0, 0, 0, 0], at('20'));
      // PCL-5 50 → 35: exactly the 30 % trial threshold; no remission cutoff
      await recordAssessment(
        app,
        nurse,
        patient,
        'pcl5',
        [...Array<number>(10).fill(4), ...Array<number>(10).fill(1)],
        {
          ...at('05'),
          context: 'baseline',
        },
      );
      await recordAssessment(
        app,
        nurse,
        patient,
        'pcl5',
        [...Array<number>(5).fill(4), ...Array<number>(15).fill(1)],
        at('20'),
      );
      // C-SSRS and CADSS-6 are not outcome measures
      await recordAssessment(app, nurse, patient, 'cadss6', [1, 1, 1, 1, 1, 1], at('09'));

      const res = await app
        .http()
        .get(`/api/v1/patients/${patient}/outcomes`)
        .set(auth(a.staff.clinician.token));
      expect(res.status).toBe(200);
      const byCode = Object.fromEntries(
        (res.body.instruments as { instrumentCode: string; series: { total: number }[] }[]).map(
          (i) => [i.instrumentCode, i],
        ),
      );
      expect(Object.keys(byCode).sort()).toEqual(['gad7', 'pcl5', 'phq9']);
      expect(byCode.phq9).toMatchObject({
        baseline: { assessmentId: baseline.id, total: 20, context: 'baseline' },
        latest: { assessmentId: latest.id, total: 4, band: 'minimal' },
        change: -16,
        percentChange: 80,
        response: true,
        meaningfulImprovement: null,
        remission: true,
        responseReductionPercent: 50,
        meaningfulImprovementReductionPercent: null,
        remissionAtOrBelow: 4,
      });
      expect(byCode.phq9?.series.map((p) => p.total)).toEqual([22, 20, 12, 4]);
      // baseline 0: nothing to fall from, and a patient who starts at 0 has not remitted
      expect(byCode.gad7).toMatchObject({
        change: 1,
        percentChange: null,
        response: null,
        remission: null,
      });
      // response is ≥ 50 % on every scale; 30 % is PCL-5's meaningful improvement (§1.4, §5)
      expect(byCode.pcl5).toMatchObject({
        baseline: { total: 50 },
        latest: { total: 35 },
        change: -15,
        percentChange: 30,
        response: false,
        meaningfulImprovement: true,
        responseReductionPercent: 50,
        meaningfulImprovementReductionPercent: 30,
        remission: null,
      });
      expect(res.body).toMatchObject({ planId: null, inductionStartedAt: null });
      const audit = await app.db.query(
        `SELECT action FROM audit_events WHERE resource_type = 'PatientOutcomes' AND resource_id = $1`,
        [patient],
      );
      expect(audit.rows).toEqual([{ action: 'read' }]);
    });

    it('should judge from the plan’s pre-induction baseline to the latest score after the induction start (§5)', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const plan = await newActivePlan(app, a, patient);
      // Activation is today; the course is set 20 days back so scores can follow its start.
      const inductionStartedAt = daysAgo(20);
      await app.db.query('UPDATE treatment_plans SET induction_started_at = $2 WHERE id = $1', [
        plan.id,
        inductionStartedAt,
      ]);
      const nurse = a.staff.nurse.token;
      const phq9 = (ago: number, total: number, context = 'pre_session') =>
        recordAssessment(app, nurse, patient, 'phq9', PHQ9.total(total), {
          administeredAt: daysAgo(ago),
          context,
        });
      await phq9(60, 24, 'baseline'); // an earlier course's baseline
      const baseline = await phq9(25, 18, 'baseline');
      await phq9(22, 3); // before the induction started: not a result of it
      await phq9(10, 12);
      const latest = await phq9(2, 9);

      const res = await app
        .http()
        .get(`/api/v1/patients/${patient}/outcomes`)
        .set(auth(a.staff.clinician.token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ patientId: patient, planId: plan.id, inductionStartedAt });
      expect(res.body.instruments).toEqual([
        expect.objectContaining({
          instrumentCode: 'phq9',
          baseline: expect.objectContaining({ assessmentId: baseline.id, total: 18 }),
          latest: expect.objectContaining({ assessmentId: latest.id, total: 9 }),
          change: -9,
          percentChange: 50,
          response: true,
          remission: false,
        }),
      ]);
      expect((res.body.instruments[0].series as { total: number }[]).map((p) => p.total)).toEqual([
        24, 18, 3, 12, 9,
      ]);
    });

    it('should take a baseline scored after activation while no induction infusion has been given', async () => {
      // Many clinics score the baseline at the first infusion visit, after the plan was activated.
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const plan = await newActivePlan(app, a, patient);
      await app.db.query('UPDATE treatment_plans SET induction_started_at = $2 WHERE id = $1', [
        plan.id,
        daysAgo(3),
      ]);
      const nurse = a.staff.nurse.token;
      const baseline = await recordAssessment(app, nurse, patient, 'phq9', PHQ9.total(20), {
        administeredAt: daysAgo(1),
        context: 'baseline',
      });
      const latest = await recordAssessment(app, nurse, patient, 'phq9', PHQ9.total(9), {
        context: 'post_session',
      });
      const res = await app
        .http()
        .get(`/api/v1/patients/${patient}/outcomes`)
        .set(auth(a.staff.clinician.token));
      expect(res.status).toBe(200);
      expect(res.body.instruments).toEqual([
        expect.objectContaining({
          baseline: expect.objectContaining({ assessmentId: baseline.id, total: 20 }),
          latest: expect.objectContaining({ assessmentId: latest.id, total: 9 }),
          percentChange: 55,
          response: true,
        }),
      ]);
    });

    it('should give an empty list for a patient without assessments', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const res = await app
        .http()
        .get(`/api/v1/patients/${patient}/outcomes`)
        .set(auth(a.staff.nurse.token));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        patientId: patient,
        planId: null,
        inductionStartedAt: null,
        instruments: [],
      });
    });

    it('should answer 403 to front desk and 404 across clinics', async () => {
      const patient = (await newPatient(app, a.staff.clinician.token)).id;
      const frontDesk = await app
        .http()
        .get(`/api/v1/patients/${patient}/outcomes`)
        .set(auth(a.staff.front_desk.token));
      expect(frontDesk.status).toBe(403);
      const foreign = await app
        .http()
        .get(`/api/v1/patients/${patient}/outcomes`)
        .set(auth(b.staff.clinician.token));
      expect(foreign.status).toBe(404);
    });
  });

  describe('clinic outcomes', () => {
    /**
     * A TRD patient whose 2-infusion induction started 32 days ago and ended 29 days ago, with
     * PHQ-9 scores (days ago, total); those from 35 days ago on are baselines.
     */
    async function finishedInduction(world: ClinicWorld, scores: [number, number][]) {
      const patient = (await newPatient(app, world.staff.clinician.token)).id;
      const plan = await newActivePlan(app, world, patient, {
        induction: { plannedInfusions: 2, windowDays: 14, minHoursBetweenInfusions: 24 },
      });
      // Activation is today; the course is set back to when its infusions were.
      await app.db.query('UPDATE treatment_plans SET induction_started_at = $2 WHERE id = $1', [
        plan.id,
        daysAgo(32),
      ]);
      const results = await callInApp(app, [
        {
          call: 'recordInfusionCompleted',
          planId: plan.id,
          sessionId: crypto.randomUUID(),
          completedAt: daysAgo(31),
        },
        {
          call: 'recordInfusionCompleted',
          planId: plan.id,
          sessionId: crypto.randomUUID(),
          completedAt: daysAgo(29),
        },
      ]);
      expect(results.every((r) => 'ok' in r)).toBe(true);
      for (const [ago, total] of scores) {
        await recordAssessment(app, world.staff.nurse.token, patient, 'phq9', PHQ9.total(total), {
          administeredAt: daysAgo(ago),
          context: ago >= 35 ? 'baseline' : 'pre_session',
        });
      }
      return patient;
    }

    it('should give response and remission rates among finished inductions, by indication', async () => {
      const root = await loginAsRootAdmin(app);
      const world = await newClinicWorld(app, root);
      // 20 → 8: response, no remission
      await finishedInduction(world, [
        [35, 20],
        [25, 8],
      ]);
      // 20 → 4: response and remission
      await finishedInduction(world, [
        [35, 20],
        [25, 4],
      ]);
      // 20 → 15 at the end of induction; the later 2 (after the 7-day window) does not count
      await finishedInduction(world, [
        [35, 20],
        [25, 15],
        [5, 2],
      ]);
      // no scores at all: counted, not evaluable
      await finishedInduction(world, []);
      // 20 → 4 only before the induction started (33 days ago): no result, not evaluable
      await finishedInduction(world, [
        [35, 20],
        [33, 4],
      ]);
      // induction still running: not counted
      const running = (await newPatient(app, world.staff.clinician.token)).id;
      await newActivePlan(app, world, running);
      await recordAssessment(app, world.staff.nurse.token, running, 'phq9', PHQ9.total(3));

      const res = await app
        .http()
        .get(`/api/v1/clinics/${world.clinicId}/outcomes`)
        .set(auth(world.staff.clinician.token));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        clinicId: world.clinicId,
        endOfInductionWindowDays: 7,
        indications: [
          {
            indication: 'treatment_resistant_depression',
            instrumentCode: 'phq9',
            inductions: 5,
            responseEvaluable: 3,
            responders: 2,
            responseRatePercent: 66.7,
            meaningfullyImproved: 0,
            meaningfulImprovementRatePercent: null,
            remissionEvaluable: 3,
            remitters: 1,
            remissionRatePercent: 33.3,
          },
        ],
      });
      const audit = await app.db.query(
        `SELECT action FROM audit_events WHERE resource_type = 'ClinicOutcomes' AND resource_id = $1`,
        [world.clinicId],
      );
      expect(audit.rows).toEqual([{ action: 'read' }]);

      const foreign = await app
        .http()
        .get(`/api/v1/clinics/${world.clinicId}/outcomes`)
        .set(auth(a.staff.clinician.token));
      expect(foreign.status).toBe(404);
      const frontDesk = await app
        .http()
        .get(`/api/v1/clinics/${world.clinicId}/outcomes`)
        .set(auth(world.staff.front_desk.token));
      expect(frontDesk.status).toBe(403);
    }, 120_000);

    it('should give no indications for a clinic without finished inductions', async () => {
      const res = await app
        .http()
        .get(`/api/v1/clinics/${b.clinicId}/outcomes`)
        .set(auth(b.staff.admin.token));
      expect(res.status).toBe(200);
      expect(res.body.indications).toEqual([]);
    });
  });
});
