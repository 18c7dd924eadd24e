import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: every list filter walks an index in its page order (keyset), so a page costs the page
 * size whatever the clinic's history. These are the filters the earlier indexes did not serve:
 * alerts by any status and by patient, assessments by patient and by instrument within each clinic, follow-ups by any
 * status. (The others: see the *_list_idx, *_clinic_*_idx and *_patient_*_idx indexes before this.)
 */
const INDEXES = [
  ['alerts_clinic_status_idx', 'alerts (clinic_id, status, created_at DESC, id DESC)'],
  ['alerts_patient_idx', 'alerts (patient_id, created_at DESC, id DESC)'],
  [
    'assessments_clinic_patient_idx',
    'assessments (clinic_id, patient_id, administered_at DESC, id DESC)',
  ],
  [
    'assessments_clinic_instrument_idx',
    'assessments (clinic_id, instrument_code, administered_at DESC, id DESC)',
  ],
  ['follow_ups_clinic_status_idx', 'follow_ups (clinic_id, status, due_date, id)'],
] as const;

export class ListIndexes1763700600100 implements MigrationInterface {
  name = 'ListIndexes1763700600100';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, on] of INDEXES) {
      await q.query(`CREATE INDEX ${name} ON ${on}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) {
      await q.query(`DROP INDEX ${name}`);
    }
  }
}
