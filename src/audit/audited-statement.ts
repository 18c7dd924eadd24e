import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { Statement } from 'src/database/sql.service';

/**
 * The one audit path of reads and lists: the SELECT that reads patient data is wrapped so the same
 * statement writes its audit events (a data-modifying CTE). The event commits with the read, and it
 * costs no round trip of its own (ARCHITECTURE.md, performance facts: 0.26 → 0.40 of the floor).
 *
 * The wrapped SELECT must return the record's id and its clinic's id under the column names given
 * (by default `id` and `"clinicId"`).
 */
export interface AuditedColumns {
  id: string;
  clinicId: string;
}

const DEFAULT_COLUMNS: AuditedColumns = { id: 'id', clinicId: '"clinicId"' };

export interface ReadAudit {
  actor: Actor;
  resourceType: string;
  columns?: AuditedColumns;
  /** Ids and names only, never values that may be PHI (e.g. the patient whose chart it is). */
  details?: Record<string, unknown>;
}

/**
 * A read of part of a record (a session's vitals): the event names the record and the part
 * (`actionName`), and is a LIST when the part is a page of its children.
 */
export interface PartReadAudit extends ReadAudit {
  action?: AuditAction.READ | AuditAction.LIST;
  actionName?: string;
  /**
   * A column of the SELECT holding the ids of the children shown (a page of a plan's versions):
   * the event then names them, not the row read.
   */
  shownIds?: string;
}

export interface ListAudit extends ReadAudit {
  /** Names of the filters given, never their values (they may be PHI). */
  filters: string[];
  /** The event's details when they are not the filters (e.g. the patient whose chart is listed). */
  details?: Record<string, unknown>;
  /** The clinics searched: each gets the page's event. */
  scope: string[];
  /** Rows beyond it were read only to know whether a next page exists: not shown, not audited. */
  pageSize: number;
  /** The page order, over the SELECT's output columns (e.g. `"createdAt", id`). */
  orderBy: string;
}

/** Appends values to a statement's, answering their $n placeholders. */
function placeholders(statement: Statement, values: unknown[]): string[] {
  const first = statement.values.length + 1;
  return values.map((_, i) => `$${first + i}`);
}

const INSERT_COLUMNS = `INSERT INTO audit_events
      (clinic_id, actor_id, actor_role, action, action_name, resource_type, resource_id,
       resource_ids, request_id, client_ip, details)`;

/**
 * One READ event (or the part-read event asked for) per row the SELECT returns whose id is not null
 * (none when nothing was found: a LEFT JOIN may return the parent of a child that does not exist).
 */
export function withReadAudit(select: Statement, audit: PartReadAudit): Statement {
  const { id, clinicId } = audit.columns ?? DEFAULT_COLUMNS;
  const { actor } = audit;
  const values = [
    actor.userId,
    actor.role,
    audit.resourceType,
    actor.requestId,
    actor.clientIp,
    audit.details ? JSON.stringify(audit.details) : null,
    audit.action ?? AuditAction.READ,
    audit.actionName ?? null,
  ];
  const [actorId, role, type, requestId, ip, details, action, actionName] = placeholders(
    select,
    values,
  );
  const [resourceId, resourceIds] = audit.shownIds
    ? ['NULL', `found.${audit.shownIds}`]
    : [`found.${id}`, 'NULL'];
  return {
    text: `WITH found AS MATERIALIZED (${select.text}),
    audit AS (${INSERT_COLUMNS}
      SELECT found.${clinicId}, ${actorId}::uuid, ${role}, ${action}::audit_action, ${actionName},
             ${type}, ${resourceId}, ${resourceIds}, ${requestId}, ${ip}::inet, ${details}::jsonb
        FROM found WHERE found.${id} IS NOT NULL)
    SELECT * FROM found`,
    values: [...select.values, ...values],
  };
}

/**
 * One LIST event per clinic of the scope, empty page or not: the ids its page shows of that clinic
 * (in page order, none when it shows none), since the search ran over each clinic's records. A
 * caller of no clinic searches nothing; the event then belongs to no clinic.
 */
export function withListAudit(select: Statement, audit: ListAudit): Statement {
  const { id, clinicId } = audit.columns ?? DEFAULT_COLUMNS;
  const { actor } = audit;
  const values = [
    actor.userId,
    actor.role,
    audit.resourceType,
    actor.requestId,
    actor.clientIp,
    JSON.stringify(audit.details ?? { filters: audit.filters }),
    audit.pageSize,
    audit.scope,
  ];
  const [actorId, role, type, requestId, ip, details, pageSize, scope] = placeholders(
    select,
    values,
  );
  return {
    text: `WITH found AS MATERIALIZED (${select.text}),
    shown AS (SELECT * FROM found ORDER BY ${audit.orderBy} LIMIT ${pageSize}),
    pages AS (
      SELECT scope.clinic_id,
             coalesce(array_agg(shown.${id} ORDER BY ${audit.orderBy})
                        FILTER (WHERE shown.${id} IS NOT NULL), '{}') AS ids
        FROM unnest(${scope}::uuid[]) AS scope (clinic_id)
        LEFT JOIN shown ON shown.${clinicId} = scope.clinic_id
       GROUP BY scope.clinic_id
      UNION ALL
      SELECT NULL::uuid, '{}'::uuid[] WHERE cardinality(${scope}::uuid[]) = 0),
    audit AS (${INSERT_COLUMNS}
      SELECT pages.clinic_id, ${actorId}::uuid, ${role}, '${AuditAction.LIST}', NULL, ${type}, NULL,
             pages.ids, ${requestId}, ${ip}::inet, ${details}::jsonb
        FROM pages)
    SELECT * FROM found ORDER BY ${audit.orderBy}`,
    values: [...select.values, ...values],
  };
}

/** The event of a write: what was done to which record, by whom. */
export interface WriteAudit {
  actor: Actor;
  action: AuditAction;
  resourceType: string;
  resourceId: string;
  clinicId: string;
  actionName?: string;
  /** Names of changed fields and similar; never their values. */
  details?: Record<string, unknown>;
}

/**
 * An `INSERT … RETURNING *` and its audit event in one statement (inside the write's transaction,
 * so both commit or neither): the written row comes back as JSON in the column `row`.
 */
export function withWriteAudit(insert: Statement, audit: WriteAudit): Statement {
  const { actor } = audit;
  const values = [
    audit.clinicId,
    actor.userId,
    actor.role,
    audit.action,
    audit.actionName ?? null,
    audit.resourceType,
    audit.resourceId,
    actor.requestId,
    actor.clientIp,
    audit.details ? JSON.stringify(audit.details) : null,
  ];
  const [clinicId, actorId, role, action, actionName, type, resourceId, requestId, ip, details] =
    placeholders(insert, values);
  return {
    text: `WITH written AS (${insert.text}),
    audit AS (INSERT INTO audit_events
        (clinic_id, actor_id, actor_role, action, action_name, resource_type, resource_id,
         request_id, client_ip, details)
      VALUES (${clinicId}::uuid, ${actorId}::uuid, ${role}, ${action}::audit_action, ${actionName}, ${type},
              ${resourceId}::uuid, ${requestId}, ${ip}::inet, ${details}::jsonb))
    SELECT row_to_json(written) AS row FROM written`,
    values: [...insert.values, ...values],
  };
}
