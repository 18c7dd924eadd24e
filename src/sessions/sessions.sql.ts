import { CursorValue } from 'src/common/pagination/cursor';
import { Statement } from 'src/database/sql.service';

export interface SessionSearch {
  scope: string[];
  patientId?: string;
  planId?: string;
  chairId?: string;
  nurseId?: string;
  status?: string;
  from?: string;
  to?: string;
  cosignPending?: boolean;
  after?: CursorValue[];
  limit: number;
}

/** A session as lists read it: the row as JSON, with what the page order and its audit need. */
export interface SessionListRow {
  id: string;
  clinicId: string;
  scheduledStart: Date;
  session: unknown;
}

export const SESSION_PAGE_ORDER = '"scheduledStart", id';

/**
 * A page of sessions in (scheduled_start, id) order, keyset after the cursor: each clinic of the
 * scope walks its own infusion_sessions_clinic_start_idx in order (a LATERAL join over the scope),
 * so a day's board or the first page costs the same at any table size.
 */
export function sessionSearchStatement(f: SessionSearch): Statement {
  const values: unknown[] = [f.scope, f.limit + 1];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = ['s.clinic_id = scope.clinic_id'];
  if (f.patientId) where.push(`s.patient_id = ${param(f.patientId)}::uuid`);
  if (f.planId) where.push(`s.plan_id = ${param(f.planId)}::uuid`);
  if (f.chairId) where.push(`s.chair_id = ${param(f.chairId)}::uuid`);
  if (f.nurseId) where.push(`s.nurse_id = ${param(f.nurseId)}::uuid`);
  if (f.status) where.push(`s.status = ${param(f.status)}`);
  if (f.from) where.push(`s.scheduled_start >= ${param(f.from)}::timestamptz`);
  if (f.to) where.push(`s.scheduled_start < ${param(f.to)}::timestamptz`);
  if (f.cosignPending !== undefined) {
    const pending = 's.discharge_cosign_due_at IS NOT NULL AND s.discharge_cosigned_at IS NULL';
    where.push(f.cosignPending ? `(${pending})` : `NOT (${pending})`);
  }
  if (f.after) {
    where.push(
      `(s.scheduled_start, s.id) > (${param(f.after[0])}::timestamptz, ${param(f.after[1])}::uuid)`,
    );
  }
  return {
    text: `SELECT page.id, page.clinic_id AS "clinicId", page.scheduled_start AS "scheduledStart",
        row_to_json(page) AS session
      FROM (SELECT in_clinic.* FROM unnest($1::uuid[]) AS scope (clinic_id)
        CROSS JOIN LATERAL (
          SELECT s.* FROM infusion_sessions s
           WHERE ${where.join(' AND ')}
           ORDER BY s.scheduled_start, s.id LIMIT $2) in_clinic
        ORDER BY in_clinic.scheduled_start, in_clinic.id LIMIT $2) page
      ORDER BY page.scheduled_start, page.id`,
    values,
  };
}

/**
 * A session's whole record as one row: the session, each of its child records (in the order the
 * detail shows them) and its clinic's settings, as JSON PostgreSQL builds. One round trip where
 * the record took nine (and nine pool connections at once); each child is read through its
 * (session_id, time, id) index.
 */
export interface SessionDetailRow {
  id: string;
  clinicId: string;
  session: unknown;
  vitals: unknown;
  adverseEvents: unknown;
  infusionEvents: unknown;
  scheduleChanges: unknown;
  addenda: unknown;
  ledgerEntries: unknown;
  stopHolds: unknown;
  clinicSettings: Record<string, unknown> | null;
}

const children = (table: string, alias: string, order: string) =>
  `(SELECT json_agg(${alias} ORDER BY ${order}) FROM ${table} ${alias} WHERE ${alias}.session_id = s.id)`;

export function sessionDetailStatement(id: string, scope: string[]): Statement {
  return {
    text: `SELECT s.id, s.clinic_id AS "clinicId", row_to_json(s) AS session,
        ${children('session_vitals', 'v', 'v.taken_at, v.id')} AS vitals,
        ${children('session_adverse_events', 'ae', 'ae.onset_at, ae.id')} AS "adverseEvents",
        ${children('session_infusion_events', 'ie', 'ie.occurred_at, ie.id')} AS "infusionEvents",
        ${children('session_schedule_changes', 'sc', 'sc.changed_at, sc.id')} AS "scheduleChanges",
        ${children('session_addenda', 'ad', 'ad.created_at, ad.id')} AS addenda,
        ${children('controlled_substance_ledger_entries', 'le', 'le.occurred_at, le.id')} AS "ledgerEntries",
        ${children('session_stop_threshold_holds', 'h', 'h.raised_at, h.id')} AS "stopHolds",
        (SELECT c.settings FROM clinics c WHERE c.id = s.clinic_id) AS "clinicSettings"
      FROM infusion_sessions s WHERE s.id = $1 AND s.clinic_id = ANY($2::uuid[])`,
    values: [id, scope],
  };
}
