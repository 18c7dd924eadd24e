import { CursorValue } from 'src/common/pagination/cursor';
import { Statement } from 'src/database/sql.service';

/** The records a session holds, each read through its (session_id, time, id) index. */
export const SESSION_PARTS = {
  vitals: { table: 'session_vitals', time: 'taken_at' },
  adverse_event: { table: 'session_adverse_events', time: 'onset_at' },
  addendum: { table: 'session_addenda', time: 'created_at' },
} as const;

export type SessionPart = keyof typeof SESSION_PARTS;

/** A session (if in scope) and a page of one kind of its records (page size + 1), as JSON. */
export function sessionPartPageStatement(
  part: SessionPart,
  sessionId: string,
  scope: string[],
  limit: number,
  after?: CursorValue[],
): Statement {
  const { table, time } = SESSION_PARTS[part];
  const values: unknown[] = [sessionId, scope, limit + 1];
  const keyset = after
    ? ` AND (c.${time}, c.id) > ($${values.push(after[0])}::timestamptz, $${values.push(after[1])}::uuid)`
    : '';
  return {
    text: `SELECT s.id, s.clinic_id AS "clinicId", COALESCE((
        SELECT json_agg(c ORDER BY c.${time}, c.id) FROM (
          SELECT c.* FROM ${table} c WHERE c.session_id = s.id${keyset}
           ORDER BY c.${time}, c.id LIMIT $3) c), '[]'::json) AS rows
      FROM infusion_sessions s WHERE s.id = $1 AND s.clinic_id = ANY($2::uuid[])`,
    values,
  };
}

/** One record of a session in scope: none when either the session or the record is not found. */
export function sessionPartStatement(
  part: SessionPart,
  sessionId: string,
  id: string,
  scope: string[],
): Statement {
  const { table } = SESSION_PARTS[part];
  return {
    text: `SELECT s.id, s.clinic_id AS "clinicId", row_to_json(c) AS row
      FROM infusion_sessions s JOIN ${table} c ON c.session_id = s.id AND c.id = $3
     WHERE s.id = $1 AND s.clinic_id = ANY($2::uuid[])`,
    values: [sessionId, scope, id],
  };
}
