import { CursorValue } from 'src/common/pagination/cursor';
import { ScopedPage } from 'src/database/scoped-page.sql';
import { AlertStatus } from 'src/follow-ups/scoring.rules';

export interface AlertSearch {
  scope: string[];
  status?: AlertStatus;
  patientId?: string;
  after?: CursorValue[];
  limit: number;
}

/** Newest first, keyset over (created_at, id): each clinic walks alerts_clinic_idx (or _open_idx). */
export function alertPage(s: AlertSearch): ScopedPage {
  return {
    table: 'alerts',
    orderColumn: 'created_at',
    orderType: 'timestamptz',
    direction: 'DESC',
    scope: s.scope,
    where: (param) => [
      ...(s.status ? [`t.status = ${param(s.status)}::alert_status`] : []),
      ...(s.patientId ? [`t.patient_id = ${param(s.patientId)}::uuid`] : []),
    ],
    after: s.after,
    limit: s.limit,
  };
}
