import { CursorValue } from 'src/common/pagination/cursor';
import { Extras, ScopedPage } from 'src/database/scoped-page.sql';

export interface AssessmentSearch {
  scope: string[];
  patientId?: string;
  instrumentCode?: string;
  context?: string;
  after?: CursorValue[];
  limit: number;
}

// Read only for the rows shown, through alerts_assessment_kind_key (already in kind order).
export const ASSESSMENT_ALERTS: Extras = (row) => `COALESCE((
    SELECT json_agg(al ORDER BY al.kind) FROM alerts al WHERE al.assessment_id = ${row}.id),
    '[]'::json) AS alerts`;

/**
 * Newest first, keyset over (administered_at, id): each clinic walks assessments_clinic_time_idx,
 * or a patient's chart assessments_patient_time_idx.
 */
export function assessmentPage(s: AssessmentSearch): ScopedPage {
  return {
    table: 'assessments',
    orderColumn: 'administered_at',
    orderType: 'timestamptz',
    direction: 'DESC',
    scope: s.scope,
    where: (param) => [
      ...(s.patientId ? [`t.patient_id = ${param(s.patientId)}::uuid`] : []),
      ...(s.instrumentCode ? [`t.instrument_code = ${param(s.instrumentCode)}`] : []),
      ...(s.context ? [`t.context = ${param(s.context)}::assessment_context`] : []),
    ],
    extras: ASSESSMENT_ALERTS,
    after: s.after,
    limit: s.limit,
  };
}
