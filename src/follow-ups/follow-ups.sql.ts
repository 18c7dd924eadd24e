import { CursorValue } from 'src/common/pagination/cursor';
import { ScopedPage } from 'src/database/scoped-page.sql';
import { FollowUpStatus } from 'src/follow-ups/follow-up.rules';

export interface FollowUpSearch {
  scope: string[];
  patientId?: string;
  status?: FollowUpStatus;
  /** Overdue: only due ones dated before this. */
  dueBefore?: string;
  after?: CursorValue[];
  limit: number;
}

/**
 * Earliest due first, keyset over (due_date, id): each clinic walks follow_ups_clinic_due_idx (the
 * work queue and overdue list its partial follow_ups_clinic_open_idx), a patient's
 * follow_ups_patient_idx.
 */
export function followUpPage(s: FollowUpSearch): ScopedPage {
  const due = `'${FollowUpStatus.DUE}'`;
  return {
    table: 'follow_ups',
    orderColumn: 'due_date',
    orderType: 'date',
    direction: 'ASC',
    scope: s.scope,
    where: (param) => [
      ...(s.patientId ? [`t.patient_id = ${param(s.patientId)}::uuid`] : []),
      ...(s.status ? [`t.status = ${param(s.status)}::follow_up_status`] : []),
      ...(s.dueBefore ? [`t.status = ${due} AND t.due_date < ${param(s.dueBefore)}::date`] : []),
    ],
    after: s.after,
    limit: s.limit,
  };
}
