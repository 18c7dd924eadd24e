import { CursorValue } from 'src/common/pagination/cursor';
import { ScopedPage } from 'src/database/scoped-page.sql';

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
