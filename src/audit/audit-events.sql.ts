import type { AuditListFilter } from 'src/audit/audit.repository';
import { Statement } from 'src/database/sql.service';

/**
 * A page of audit events, newest first, keyset before the cursor. The page is merged from parts
 * that each walk an index in (occurred_at DESC, id DESC) order and stop at the page size: one per
 * clinic of the scope (audit_events_clinic_time_idx) and, when asked, the clinic-less events by the
 * caller and about the caller (the partial indexes of migration 1763700600000).
 */
export function auditEventsStatement(f: AuditListFilter): Statement {
  const values: unknown[] = [f.clinicIds, f.limit + 1];
  const param = (value: unknown) => `$${values.push(value)}`;
  const filters: string[] = [];
  if (f.resourceType) filters.push(`e.resource_type = ${param(f.resourceType)}`);
  if (f.resourceId) {
    const id = param(f.resourceId);
    filters.push(`(e.resource_id = ${id}::uuid OR ${id}::uuid = ANY(e.resource_ids))`);
  }
  if (f.actorId) filters.push(`e.actor_id = ${param(f.actorId)}::uuid`);
  if (f.action) filters.push(`e.action = ${param(f.action)}`);
  if (f.outcome) filters.push(`e.outcome = ${param(f.outcome)}`);
  if (f.from) filters.push(`e.occurred_at >= ${param(f.from)}::timestamptz`);
  if (f.to) filters.push(`e.occurred_at < ${param(f.to)}::timestamptz`);
  if (f.after) {
    filters.push(
      `(e.occurred_at, e.id) < (${param(f.after[0])}::timestamptz, ${param(f.after[1])}::uuid)`,
    );
  }
  const part = (where: string) =>
    `(SELECT e.* FROM audit_events e WHERE ${[where, ...filters].join(' AND ')}
       ORDER BY e.occurred_at DESC, e.id DESC LIMIT $2)`;
  const parts = [
    `SELECT in_clinic.* FROM unnest($1::uuid[]) AS scope (clinic_id)
       CROSS JOIN LATERAL ${part('e.clinic_id = scope.clinic_id')} in_clinic`,
  ];
  if (f.includeClinicless) {
    const self = param(f.selfId);
    parts.push(
      `SELECT * FROM ${part(`e.clinic_id IS NULL AND e.actor_id = ${self}::uuid`)} by_self`,
      `SELECT * FROM ${part(`e.clinic_id IS NULL AND e.resource_id = ${self}::uuid AND e.actor_id IS DISTINCT FROM ${self}::uuid`)} about_self`,
    );
  }
  return {
    text: `SELECT row_to_json(page) AS event FROM (
        ${parts.join('\n        UNION ALL ')}
        ORDER BY occurred_at DESC, id DESC LIMIT $2) page
      ORDER BY page.occurred_at DESC, page.id DESC`,
    values,
  };
}
