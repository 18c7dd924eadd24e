import { CursorValue } from 'src/common/pagination/cursor';
import { ScopedPage } from 'src/database/scoped-page.sql';

/** A patient's consents, newest first, keyset over (created_at, id): consents_patient_list_idx. */
export function consentPage(
  patient: { id: string; clinicId: string },
  limit: number,
  after?: CursorValue[],
): ScopedPage {
  return {
    table: 'consents',
    orderColumn: 'created_at',
    orderType: 'timestamptz',
    direction: 'DESC',
    scope: [patient.clinicId],
    where: (param) => [`t.patient_id = ${param(patient.id)}::uuid`],
    after,
    limit,
  };
}
