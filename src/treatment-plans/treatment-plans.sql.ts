import { CursorValue } from 'src/common/pagination/cursor';
import { Statement } from 'src/database/sql.service';
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

/**
 * A plan in scope and a page of its versions (page size + 1, by amendment number, through the
 * versions' (plan_id, amendment_number) key), with the ids of those shown for the LIST event.
 */
export function planVersionsPageStatement(
  planId: string,
  scope: string[],
  limit: number,
  afterNumber?: number,
): Statement {
  const values: unknown[] = [planId, scope, limit + 1, limit];
  const keyset =
    afterNumber === undefined ? '' : ` AND v.amendment_number > $${values.push(afterNumber)}`;
  return {
    text: `SELECT p.id, p.clinic_id AS "clinicId", COALESCE(page.rows, '[]'::json) AS rows,
              COALESCE(page.ids, '{}'::uuid[]) AS ids
      FROM treatment_plans p
      LEFT JOIN LATERAL (
        SELECT json_agg(v ORDER BY v.amendment_number) AS rows,
               (array_agg(v.id ORDER BY v.amendment_number))[1:$4] AS ids
          FROM (SELECT v.* FROM treatment_plan_versions v WHERE v.plan_id = p.id${keyset}
                 ORDER BY v.amendment_number LIMIT $3) v) page ON true
     WHERE p.id = $1 AND p.clinic_id = ANY($2::uuid[])`,
    values,
  };
}

/** A plan in scope and one of its versions: the version's columns are null when it does not exist. */
export function planVersionStatement(
  planId: string,
  scope: string[],
  amendmentNumber: number,
): Statement {
  return {
    text: `SELECT v.id, p.clinic_id AS "clinicId", row_to_json(v) AS row
      FROM treatment_plans p
      LEFT JOIN treatment_plan_versions v ON v.plan_id = p.id AND v.amendment_number = $3
     WHERE p.id = $1 AND p.clinic_id = ANY($2::uuid[])`,
    values: [planId, scope, amendmentNumber],
  };
}

/** A plan in scope and a page of its history (page size + 1), keyset over (occurred_at, id). */
export function planEventsPageStatement(
  planId: string,
  scope: string[],
  limit: number,
  after?: CursorValue[],
): Statement {
  const values: unknown[] = [planId, scope, limit + 1];
  const keyset = after
    ? ` AND (e.occurred_at, e.id) > ($${values.push(after[0])}::timestamptz, $${values.push(after[1])}::uuid)`
    : '';
  return {
    text: `SELECT p.id, p.clinic_id AS "clinicId", COALESCE((
        SELECT json_agg(e ORDER BY e.occurred_at, e.id) FROM (
          SELECT e.* FROM treatment_plan_events e WHERE e.plan_id = p.id${keyset}
           ORDER BY e.occurred_at, e.id LIMIT $3) e), '[]'::json) AS rows
      FROM treatment_plans p WHERE p.id = $1 AND p.clinic_id = ANY($2::uuid[])`,
    values,
  };
}
