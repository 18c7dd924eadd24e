import { CursorValue } from 'src/common/pagination/cursor';
import { Statement } from 'src/database/sql.service';

/** A list's page: its rows in one order, the first page or the one after a cursor. */
export interface ScopedPage {
  table: string;
  /** The page is ordered by this column, then by id, both in `direction`. */
  orderColumn: string;
  orderType: 'timestamptz' | 'date';
  direction: 'ASC' | 'DESC';
  /** The clinics searched: each is read on its own, through its own index. */
  scope: string[];
  /** The list's filters, as conditions on `t` (the table), their values passed through `param`. */
  where: (param: (value: unknown) => string) => string[];
  extras?: Extras;
  after?: CursorValue[];
  limit: number;
}

/** More output columns over one row (its alias given), e.g. a JSON list of its children. */
export type Extras = (row: string) => string;

/** A row of a page: the record as JSON, with what the page order and its audit need. */
export interface ScopedRow {
  id: string;
  clinicId: string;
  row: unknown;
}

/** The page order over a scopedPageStatement's output, for withListAudit. */
export const scopedPageOrder = (direction: 'ASC' | 'DESC') =>
  `"sortKey" ${direction}, id ${direction}`;

/**
 * A keyset page (page size + 1 rows, to know whether there is a next). Each clinic of the scope is
 * read on its own (a LATERAL join over the scope), so every read walks its clinic's
 * (clinic_id, order column, id) index in order and stops at the page size; `clinic_id = ANY(scope)
 * ORDER BY …` cannot, and sorts the whole scope (ARCHITECTURE.md, performance facts).
 */
export function scopedPageStatement(p: ScopedPage): Statement {
  const values: unknown[] = [p.scope, p.limit + 1];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = ['t.clinic_id = scope.clinic_id', ...p.where(param)];
  const { orderColumn: col, direction: dir } = p;
  if (p.after) {
    const after = `(${param(p.after[0])}::${p.orderType}, ${param(p.after[1])}::uuid)`;
    where.push(`(t.${col}, t.id) ${dir === 'ASC' ? '>' : '<'} ${after}`);
  }
  return {
    text: `SELECT page.id, page.clinic_id AS "clinicId", page.${col} AS "sortKey",
        row_to_json(page) AS row${p.extras ? `, ${p.extras('page')}` : ''}
      FROM (SELECT in_clinic.* FROM unnest($1::uuid[]) AS scope (clinic_id)
        CROSS JOIN LATERAL (
          SELECT t.* FROM ${p.table} t
           WHERE ${where.join(' AND ')}
           ORDER BY t.${col} ${dir}, t.id ${dir} LIMIT $2) in_clinic
        ORDER BY in_clinic.${col} ${dir}, in_clinic.id ${dir} LIMIT $2) page
      ORDER BY page.${col} ${dir}, page.id ${dir}`,
    values,
  };
}

/** What else a record read may ask: the patient whose chart it is in, more output columns. */
export interface RecordOptions {
  /** Read from a patient's chart: another patient's record is not found either. */
  patientId?: string;
  extras?: Extras;
}

/** One record by id, if in scope: a foreign record is simply not found. */
export function scopedRecordStatement(
  table: string,
  id: string,
  scope: string[],
  options: RecordOptions = {},
): Statement {
  const values: unknown[] = [id, scope];
  const ofPatient = options.patientId
    ? ` AND t.patient_id = $${values.push(options.patientId)}::uuid`
    : '';
  const extras = options.extras ? `, ${options.extras('t')}` : '';
  return {
    text: `SELECT t.id, t.clinic_id AS "clinicId", row_to_json(t) AS row${extras}
             FROM ${table} t WHERE t.id = $1 AND t.clinic_id = ANY($2::uuid[])${ofPatient}`,
    values,
  };
}
