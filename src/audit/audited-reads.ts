import { ObjectLiteral, EntityTarget } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { withListAudit, withReadAudit } from 'src/audit/audited-statement';
import { SqlService } from 'src/database/sql.service';
import {
  RecordOptions,
  ScopedPage,
  scopedPageOrder,
  scopedPageStatement,
  ScopedRow,
  scopedRecordStatement,
} from 'src/database/scoped-page.sql';

/** Who reads, what; details are ids and names only (e.g. the patient whose chart it is). */
interface RecordAudit {
  actor: Actor;
  resourceType: string;
  details?: Record<string, unknown>;
}

/**
 * The repositories' side of the one audit path: a record or a page read by one statement that
 * also writes its READ or LIST events, hydrated into the entity the mappers already take.
 */
export async function readAudited<T extends ObjectLiteral>(
  sql: SqlService,
  target: EntityTarget<T>,
  table: string,
  id: string,
  audit: RecordAudit,
  options?: RecordOptions,
): Promise<T | null> {
  const row = await readRowAudited(sql, table, id, audit, options);
  return row && sql.entity(target, row.row);
}

/** The same, as the row (with its extras, e.g. children as JSON) for the caller to hydrate. */
export async function readRowAudited<R extends ScopedRow = ScopedRow>(
  sql: SqlService,
  table: string,
  id: string,
  audit: RecordAudit,
  options?: RecordOptions,
): Promise<R | null> {
  if (audit.actor.clinicIds.length === 0) {
    return null;
  }
  return sql.first<R>(
    withReadAudit(scopedRecordStatement(table, id, audit.actor.clinicIds, options), audit),
  );
}

/** A page (page size + 1 rows) and its LIST events, one per clinic of the page's scope. */
export function pageAudited<R extends ScopedRow = ScopedRow>(
  sql: SqlService,
  page: ScopedPage,
  audit: {
    actor: Actor;
    resourceType: string;
    filters: string[];
    details?: Record<string, unknown>;
  },
): Promise<R[]> {
  return sql.rows<R>(
    withListAudit(scopedPageStatement(page), {
      ...audit,
      scope: page.scope,
      pageSize: page.limit,
      orderBy: scopedPageOrder(page.direction),
    }),
  );
}
