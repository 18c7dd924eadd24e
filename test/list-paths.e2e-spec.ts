import { randomUUID } from 'node:crypto';
import { consentPage } from 'src/consents/consents.sql';
import {
  consultationAppointmentPage,
  consultationRequestPage,
} from 'src/consultations/consultations.sql';
import { ScopedPage, scopedPageStatement } from 'src/database/scoped-page.sql';
import { alertPage } from 'src/follow-ups/alerts.sql';
import { assessmentPage } from 'src/follow-ups/assessments.sql';
import { followUpPage } from 'src/follow-ups/follow-ups.sql';
import { journalPage } from 'src/follow-ups/journal.sql';
import { AlertStatus } from 'src/follow-ups/scoring.rules';
import { FollowUpStatus } from 'src/follow-ups/follow-up.rules';
import { screeningPage } from 'src/screenings/screenings.sql';
import { planPage } from 'src/treatment-plans/treatment-plans.sql';
import { ListIndexes1763700600100 } from 'migrations/1763700600100-ListIndexes';
import { startTestApp, TestApp } from 'test/support/test-app';
import { QueryRunner } from 'typeorm';

// Issue 10: every list and filter the API offers walks an index in its page order, one walk per
// clinic of the scope (scoped-page.sql.ts), so a page costs its size whatever the history. The
// plans are those of the very statements the repositories send (the builders are imported).
describe('list paths: every list walks an index in keyset order', () => {
  let app: TestApp;
  const scope = [randomUUID(), randomUUID()];
  const patient = { id: randomUUID(), clinicId: scope[0] as string };
  const after = [new Date().toISOString(), randomUUID()];

  beforeAll(async () => {
    app = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  // Empty tables: with whole-table scans priced out (sequential and bitmap, which loses the order),
  // the plan shows which index serves each clinic's walk and whether it needs a sort.
  const planOf = async (page: ScopedPage) => {
    const statement = scopedPageStatement(page);
    const client = await app.db.connect();
    try {
      await client.query('SET enable_seqscan = off; SET enable_bitmapscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${statement.text}`,
        statement.values,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('RESET enable_seqscan; RESET enable_bitmapscan');
      client.release();
    }
  };

  const base = { scope, limit: 25 };
  it.each([
    ['alerts', alertPage(base), 'alerts_clinic_idx'],
    [
      'open alerts',
      alertPage({ ...base, status: AlertStatus.OPEN }),
      'alerts_clinic_(open|status)_idx',
    ],
    [
      'acknowledged alerts',
      alertPage({ ...base, status: AlertStatus.ACKNOWLEDGED }),
      'alerts_clinic_status_idx',
    ],
    [
      'a patient’s alerts',
      alertPage({ ...base, patientId: patient.id, after }),
      'alerts_patient_idx',
    ],
    ['assessments', assessmentPage(base), 'assessments_clinic_time_idx'],
    [
      'assessments of an instrument',
      assessmentPage({ ...base, instrumentCode: 'PHQ-9' }),
      'assessments_clinic_instrument_idx',
    ],
    [
      'a patient’s assessments',
      assessmentPage({ ...base, patientId: patient.id }),
      'assessments_clinic_patient_idx',
    ],
    ['follow-ups', followUpPage(base), 'follow_ups_clinic_(due|open)_idx'],
    [
      'completed follow-ups',
      followUpPage({ ...base, status: FollowUpStatus.COMPLETED }),
      'follow_ups_clinic_status_idx',
    ],
    [
      'overdue follow-ups',
      followUpPage({ ...base, dueBefore: '2026-12-01' }),
      'follow_ups_clinic_(open|status)_idx',
    ],
    [
      'a patient’s follow-ups',
      followUpPage({ ...base, patientId: patient.id, after: ['2026-12-01', randomUUID()] }),
      'follow_ups_patient_idx',
    ],
    ['a patient’s journal', journalPage(patient, 25), 'journal_entries_patient_idx'],
    ['a patient’s consents', consentPage(patient, 25), 'consents_patient_list_idx'],
    ['a patient’s screenings', screeningPage(patient, 25, after), 'screenings_patient_list_idx'],
    ['plans', planPage(base), 'treatment_plans_list_idx'],
    ['plans by status', planPage({ ...base, status: 'active' }), 'treatment_plans_status_idx'],
    [
      'a patient’s plans',
      planPage({ ...base, patientId: patient.id }),
      'treatment_plans_patient_idx',
    ],
    ['consultation requests', consultationRequestPage(base), 'consultation_requests_inbox_idx'],
    [
      'the consultation calendar',
      consultationAppointmentPage({ ...base, after }),
      'consultation_appointments_clinic_time_idx',
    ],
  ] as const)(
    'should walk an index for %s, with no sort of the table',
    async (_name, page, index) => {
      const plan = await planOf(page);
      // Each clinic's walk: a Limit straight over the index, in its order (no Sort between them).
      expect(plan).toMatch(
        new RegExp(`Limit[^\\n]*\\n[^\\n]*Index Scan( Backward)? using ${index} on`),
      );
      // Sorts only merge the per-clinic pages (at most scope × page size rows), never over a scan.
      expect(plan).not.toMatch(/Sort[^\n]*\n[^\n]*Scan on/);
      expect(plan).not.toMatch(/Seq Scan/);
    },
  );

  it('should undo the list indexes with down and redo them with up', async () => {
    const client = await app.db.connect();
    const names = [
      'alerts_clinic_status_idx',
      'alerts_patient_idx',
      'assessments_clinic_instrument_idx',
      'assessments_clinic_patient_idx',
      'follow_ups_clinic_status_idx',
    ];
    const present = async () =>
      (
        await client.query<{ indexname: string }>(
          `SELECT indexname FROM pg_indexes WHERE indexname = ANY($1) ORDER BY 1`,
          [names],
        )
      ).rows.map((r) => r.indexname);
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      expect(await present()).toEqual(names);
      await new ListIndexes1763700600100().down(runner);
      expect(await present()).toEqual([]);
      await new ListIndexes1763700600100().up(runner);
      expect(await present()).toEqual(names);
    } finally {
      client.release();
    }
  });
});
