import { CursorValue } from 'src/common/pagination/cursor';
import { ScopedPage } from 'src/database/scoped-page.sql';
import { Statement } from 'src/database/sql.service';

/** One entry of the patient's journal, if in scope: another patient's entry is not found. */
export function journalEntryStatement(id: string, patientId: string, scope: string[]): Statement {
  return {
    text: `SELECT j.id, j.clinic_id AS "clinicId", row_to_json(j) AS row
             FROM journal_entries j
            WHERE j.id = $1 AND j.patient_id = $2 AND j.clinic_id = ANY($3::uuid[])`,
    values: [id, patientId, scope],
  };
}

/** Newest day first, keyset over (entry_date, id), through journal_entries_patient_idx. */
export function journalPage(
  patient: { id: string; clinicId: string },
  limit: number,
  after?: CursorValue[],
): ScopedPage {
  return {
    table: 'journal_entries',
    orderColumn: 'entry_date',
    orderType: 'date',
    direction: 'DESC',
    scope: [patient.clinicId],
    where: (param) => [`t.patient_id = ${param(patient.id)}::uuid`],
    after,
    limit,
  };
}
