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

/**
 * The session in scope, locked for a record written to it, with its clinic's settings: one round
 * trip where the ORM took two (the locked session, then the clinic). The benchmark's floor runs it.
 */
export function sessionForRecordStatement(id: string, scope: string[]): Statement {
  return {
    text: `SELECT row_to_json(s) AS session, c.settings AS "clinicSettings"
      FROM infusion_sessions s JOIN clinics c ON c.id = s.clinic_id
     WHERE s.id = $1 AND s.clinic_id = ANY($2::uuid[])
       FOR UPDATE OF s`,
    values: [id, scope],
  };
}

/** A reading as written; id, version and the stamps are the table's defaults. */
export interface NewVitals {
  clinicId: string;
  sessionId: string;
  phase: 'pre' | 'infusion' | 'recovery';
  takenAt: Date;
  lateEntryReason: string | null;
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate: number | null;
  sedationScore: number | null;
  sedationScale: 'moaas' | 'rass' | null;
  oriented: boolean | null;
  dissociationObserved: boolean | null;
  observation: string | null;
  flags: unknown[];
  recordedBy: string;
}

export function vitalsInsertStatement(v: NewVitals): Statement {
  return {
    text: `INSERT INTO session_vitals (clinic_id, session_id, phase, taken_at, late_entry_reason,
        systolic, diastolic, heart_rate, spo2, respiratory_rate, sedation_score, sedation_scale,
        oriented, dissociation_observed, observation, flags, recorded_by)
      VALUES ($1::uuid, $2::uuid, $3, $4::timestamptz, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
        $15, $16::jsonb, $17::uuid)
      RETURNING *`,
    values: [
      v.clinicId,
      v.sessionId,
      v.phase,
      v.takenAt,
      v.lateEntryReason,
      v.systolic,
      v.diastolic,
      v.heartRate,
      v.spo2,
      v.respiratoryRate,
      v.sedationScore,
      v.sedationScale,
      v.oriented,
      v.dissociationObserved,
      v.observation,
      JSON.stringify(v.flags),
      v.recordedBy,
    ],
  };
}
