import { Statement } from 'src/database/sql.service';

/** Seals at most `batch` committed events (migrations/1763700640000-AuditChain.ts); answers how many. */
export function sealStatement(batch: number): Statement {
  return { text: 'SELECT audit_chain_seal($1) AS sealed', values: [batch] };
}

export interface ChainRow {
  clinic_id: string | null;
  intact: number;
  head_seq: number;
  head_link: string;
  break_seq: number | null;
  break_event: string | null;
  break_reason: string | null;
  unchained_event: string | null;
  pending: number;
}

/**
 * One statement, so one snapshot, for every chain asked for (a null clinic is the clinic-less
 * chain): the walk of its links (audit_chain_verify), the first event at or before the watermark
 * that has no link (sealed over, or written in past the sealer), and how many events wait to be
 * sealed.
 */
export function verifyStatement(clinicIds: (string | null)[]): Statement {
  return {
    text: `
      SELECT k.clinic_id, v.intact::int, v.head_seq::int, encode(v.head_link, 'hex') AS head_link,
             v.break_seq::int, v.break_event, v.break_reason, u.id AS unchained_event,
             (SELECT count(*)::int FROM audit_events e
               WHERE (e.tx, e.occurred_at, e.id) > (w.tx, w.occurred_at, w.id)
                 AND e.clinic_id IS NOT DISTINCT FROM k.clinic_id) AS pending
        FROM unnest($1::uuid[]) WITH ORDINALITY AS k (clinic_id, n)
       CROSS JOIN audit_chain_watermark w
       CROSS JOIN LATERAL audit_chain_verify(
         coalesce(k.clinic_id, '00000000-0000-0000-0000-000000000000')) v
        LEFT JOIN LATERAL (
          SELECT e.id FROM audit_events e
           WHERE e.clinic_id IS NOT DISTINCT FROM k.clinic_id
             AND (e.tx, e.occurred_at, e.id) <= (w.tx, w.occurred_at, w.id)
             AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
           ORDER BY e.tx, e.occurred_at, e.id LIMIT 1) u ON true
       ORDER BY k.n`,
    values: [clinicIds],
  };
}
