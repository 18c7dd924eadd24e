import { CursorValue } from 'src/common/pagination/cursor';
import { Extras, ScopedPage } from 'src/database/scoped-page.sql';

/** The clinic's settings (by primary key): a screening's validity is the clinic's. */
export const SCREENING_CLINIC_SETTINGS: Extras = (row) =>
  `(SELECT c.settings FROM clinics c WHERE c.id = ${row}.clinic_id) AS "clinicSettings"`;

/** A patient's screenings, newest first, keyset over (created_at, id): screenings_patient_list_idx. */
export function screeningPage(
  patient: { id: string; clinicId: string },
  limit: number,
  after?: CursorValue[],
): ScopedPage {
  return {
    table: 'screenings',
    orderColumn: 'created_at',
    orderType: 'timestamptz',
    direction: 'DESC',
    scope: [patient.clinicId],
    where: (param) => [`t.patient_id = ${param(patient.id)}::uuid`],
    extras: SCREENING_CLINIC_SETTINGS,
    after,
    limit,
  };
}
