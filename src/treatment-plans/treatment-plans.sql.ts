import { CursorValue } from 'src/common/pagination/cursor';
import { Extras, ScopedPage } from 'src/database/scoped-page.sql';
import { PlanStatus } from 'src/treatment-plans/plan-snapshot';

export interface PlanListFilter {
  scope: string[];
  patientId?: string;
  status?: PlanStatus;
  after?: CursorValue[];
  limit: number;
}

/** The infusions counted towards a plan, as JSON (counts are 0 and times null when none). */
export interface InfusionCountsJson {
  induction: number;
  maintenance: number;
  firstInductionAt: string | null;
  lastMaintenanceAt: string | null;
}

/**
 * What a plan's response needs beside the plan: its current version (by primary key) and its
 * infusion counts (treatment_plan_infusions_plan_idx), read only for the rows shown.
 */
export const PLAN_TERMS_AND_COUNTS: Extras = (row) => `(
    SELECT row_to_json(v) FROM treatment_plan_versions v WHERE v.id = ${row}.current_version_id
  ) AS version, (
    SELECT json_build_object(
        'induction', count(*) FILTER (WHERE i.phase = 'induction'),
        'maintenance', count(*) FILTER (WHERE i.phase = 'maintenance'),
        'firstInductionAt', min(i.completed_at) FILTER (WHERE i.phase = 'induction'),
        'lastMaintenanceAt', max(i.completed_at) FILTER (WHERE i.phase = 'maintenance'))
      FROM treatment_plan_infusions i WHERE i.plan_id = ${row}.id
  ) AS counts`;

/**
 * Oldest first, keyset over (created_at, id): each clinic walks treatment_plans_list_idx, or
 * _patient_idx / _status_idx with a filter.
 */
export function planPage(f: PlanListFilter): ScopedPage {
  return {
    table: 'treatment_plans',
    orderColumn: 'created_at',
    orderType: 'timestamptz',
    direction: 'ASC',
    scope: f.scope,
    where: (param) => [
      ...(f.patientId ? [`t.patient_id = ${param(f.patientId)}::uuid`] : []),
      ...(f.status ? [`t.status = ${param(f.status)}`] : []),
    ],
    extras: PLAN_TERMS_AND_COUNTS,
    after: f.after,
    limit: f.limit,
  };
}
