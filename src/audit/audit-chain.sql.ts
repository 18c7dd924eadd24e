import { Statement } from 'src/database/sql.service';

/** Seals at most `batch` committed events (migrations/1763700640000-AuditChain.ts); answers how many. */
export function sealStatement(batch: number): Statement {
  return { text: 'SELECT audit_chain_seal($1) AS sealed', values: [batch] };
}

export interface ChainRow {
  clinic_id: string | null;
  from_seq: number;
  from_link: string;
  head_seq: number;
  head_link: string;
  break_seq: number | null;
  break_event: string | null;
  break_reason: string | null;
  unchained_event: string | null;
  pending: number;
}

const ZERO_LINK = `'\\x${'00'.repeat(32)}'::bytea`;
const CLINICLESS = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * One statement, so one snapshot, over every chain asked for (null: the clinic-less chain). Per
 * chain: the link it starts from (the last one sealed before `since`, else none), the first broken
 * link after it, found in one ordered pass in which each link is checked against the link before
 * it (a gap, a missing event, or an event that no longer hashes to its link), the last good link,
 * the events still to be sealed, and, only when the sealed events and the links do not number
 * the same, the first sealed event without a link.
 */
export function verifyStatement(clinicIds: (string | null)[], since?: Date): Statement {
  const values: unknown[] = [since ?? null];
  const parts = clinicIds.map((clinicId, n) => {
    const key = clinicId === null ? CLINICLESS : `$${values.push(clinicId)}::uuid`;
    const inClinic = clinicId === null ? 'e.clinic_id IS NULL' : `e.clinic_id = ${key}`;
    return `
      SELECT ${n} AS n, ${clinicId === null ? 'NULL::uuid' : key} AS clinic_id,
             coalesce(f.seq, 0)::int AS from_seq, encode(coalesce(f.link, ${ZERO_LINK}), 'hex') AS from_link,
             CASE WHEN b.seq IS NULL THEN coalesce(t.last_seq, 0)
                  ELSE coalesce(b.prev_seq, 0) END::int AS head_seq,
             encode(CASE WHEN b.seq IS NULL THEN coalesce(t.last_link, ${ZERO_LINK})
                         ELSE coalesce(b.prev_link, ${ZERO_LINK}) END, 'hex') AS head_link,
             CASE WHEN b.reason = 'chain_gap' THEN coalesce(b.prev_seq, 0) + 1 ELSE b.seq END::int AS break_seq,
             b.event_id AS break_event, b.reason AS break_reason, u.id AS unchained_event, p.pending
        FROM audit_chain_watermark w
        LEFT JOIN LATERAL (
          SELECT c.seq, c.link FROM audit_chain c
           WHERE c.chain_key = ${key} AND c.sealed_at < $1::timestamptz
           ORDER BY c.sealed_at DESC, c.seq DESC LIMIT 1) f ON true
        LEFT JOIN LATERAL (
          SELECT l.seq, l.event_id, l.prev_seq, l.prev_link,
                 CASE WHEN coalesce(l.prev_seq, 0) <> l.seq - 1 THEN 'chain_gap'
                      WHEN NOT l.found THEN 'event_missing' ELSE 'event_altered' END AS reason
            FROM (SELECT c.seq, c.event_id, c.link, e.id IS NOT NULL AS found,
                         lag(c.seq) OVER chain_order AS prev_seq, lag(c.link) OVER chain_order AS prev_link,
                         audit_chain_link(coalesce(lag(c.link) OVER chain_order, ${ZERO_LINK}), e) AS expected
                    FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id
                   WHERE c.chain_key = ${key} AND c.seq >= coalesce(f.seq, 1)
                  WINDOW chain_order AS (ORDER BY c.seq)) l
           WHERE l.seq > coalesce(f.seq, 0)
             AND (coalesce(l.prev_seq, 0) <> l.seq - 1 OR NOT l.found OR l.expected <> l.link)
           ORDER BY l.seq LIMIT 1) b ON true
        LEFT JOIN LATERAL (
          SELECT c.seq AS last_seq, c.link AS last_link FROM audit_chain c
           WHERE c.chain_key = ${key} ORDER BY c.seq DESC LIMIT 1) t ON true
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS pending FROM audit_events e
           WHERE ${inClinic} AND (e.tx, e.occurred_at, e.id) > (w.tx, w.occurred_at, w.id)) p
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS events FROM audit_events e WHERE ${inClinic}) a
        LEFT JOIN LATERAL (
          SELECT e.id FROM audit_events e
           WHERE a.events - p.pending <> coalesce(t.last_seq, 0) AND ${inClinic}
             AND (e.tx, e.occurred_at, e.id) <= (w.tx, w.occurred_at, w.id)
             AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
           ORDER BY e.tx, e.occurred_at, e.id LIMIT 1) u ON true`;
  });
  return { text: `${parts.join('\n      UNION ALL')}\n      ORDER BY n`, values };
}
