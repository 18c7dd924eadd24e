import { ChainPosition, CLINICLESS_CHAIN } from 'src/audit/audit-chain.cursor';
import { Statement } from 'src/database/sql.service';

/** Seals at most `batch` committed events (migrations/1763700640000-AuditChain.ts); answers how many. */
export function sealStatement(batch: number): Statement {
  return { text: 'SELECT audit_chain_seal($1) AS sealed', values: [batch] };
}

/** One chain to walk (clinicId null: the clinic-less chain) from a link (seq 0: its start). */
export interface ChainWalk {
  clinicId: string | null;
  from: ChainPosition;
}

const ZERO = '00'.repeat(32);
const ZERO_LINK = `'\\x${ZERO}'::bytea`;

/** The chain's start, where a walk from its first link begins. */
export const CHAIN_START: ChainPosition = { seq: 0, link: ZERO };

const keyOf = (clinicId: string | null) => clinicId ?? CLINICLESS_CHAIN;

/** Per chain, the last link sealed before `since` (`?since=`), or none. */
export function sinceStatement(clinicIds: (string | null)[], since: Date): Statement {
  return {
    text: `
      SELECT k.chain_key, s.seq::int AS seq, encode(s.link, 'hex') AS link
        FROM unnest($1::uuid[]) AS k (chain_key)
        JOIN LATERAL (
          SELECT c.seq, c.link FROM audit_chain c
           WHERE c.chain_key = k.chain_key AND c.sealed_at < $2
           ORDER BY c.sealed_at DESC, c.seq DESC LIMIT 1) s ON true`,
    values: [clinicIds.map(keyOf), since],
  };
}

export interface ChainRow {
  clinic_id: string | null;
  from_seq: number;
  from_link: string;
  from_moved: boolean;
  from_event: string | null;
  page_seq: number | null;
  page_link: string | null;
  last_seq: number;
  break_seq: number | null;
  break_event: string | null;
  break_reason: string | null;
  prev_seq: number | null;
  prev_link: string | null;
  unchained_event: string | null;
  pending: number;
}

/**
 * One statement, so one snapshot, over every chain asked for. Per chain: whether the link it starts
 * from is still in place; the first broken link among the next `limit`, found in one ordered pass
 * that checks each link against the one before it (a gap, a missing event, or an event that no
 * longer hashes to its link) while the events' digests are computed in parallel beneath it; the
 * page's last link; the events still to be sealed; and, once the walk has reached the chain's end
 * and the sealed events and the links do not number the same, the first sealed event without one.
 * Every part is constant in its chain and start, so each plans on its own indexes; OFFSET 0 keeps
 * the digests below the Gather, in the workers, instead of in the sequential window above it.
 */
export function verifyStatement(walks: ChainWalk[], limit: number): Statement {
  const values: unknown[] = [limit];
  const param = (value: unknown) => `$${values.push(value)}`;
  const parts = walks.map(({ clinicId, from }, n) => {
    const key = `${param(keyOf(clinicId))}::uuid`;
    const seq = `${param(from.seq)}::bigint`;
    const inClinic = clinicId === null ? 'e.clinic_id IS NULL' : `e.clinic_id = ${key}`;
    return `
      SELECT ${n} AS n, ${clinicId === null ? 'NULL::uuid' : key} AS clinic_id,
             ${seq}::int AS from_seq, ${param(from.link)}::text AS from_link,
             (CASE WHEN ${seq} = 0 THEN ${ZERO_LINK}
                   ELSE (SELECT c.link FROM audit_chain c WHERE c.chain_key = ${key} AND c.seq = ${seq})
              END) IS DISTINCT FROM decode(${param(from.link)}, 'hex') AS from_moved,
             (SELECT c.event_id FROM audit_chain c WHERE c.chain_key = ${key} AND c.seq >= ${seq}
               ORDER BY c.seq LIMIT 1) AS from_event,
             pe.seq::int AS page_seq, encode(pe.link, 'hex') AS page_link, coalesce(t.seq, 0)::int AS last_seq,
             b.seq::int AS break_seq, b.event_id AS break_event, b.reason AS break_reason,
             b.prev_seq::int AS prev_seq, encode(b.prev_link, 'hex') AS prev_link,
             u.id AS unchained_event, p.pending
        FROM audit_chain_watermark w
        LEFT JOIN (
          SELECT l.seq, l.event_id, l.prev_seq, l.prev_link,
                 CASE WHEN coalesce(l.prev_seq, 0) <> l.seq - 1 THEN 'chain_gap'
                      WHEN NOT l.found THEN 'event_missing' ELSE 'event_altered' END AS reason
            FROM (SELECT c.seq, c.event_id, c.link, c.found,
                         lag(c.seq) OVER chain_order AS prev_seq,
                         lag(c.link) OVER chain_order AS prev_link,
                         sha256(coalesce(lag(c.link) OVER chain_order, ${ZERO_LINK}) || c.digest) AS expected
                    FROM (SELECT c.seq, c.event_id, c.link, e.id IS NOT NULL AS found,
                                 audit_event_digest(e) AS digest
                            FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id
                           WHERE c.chain_key = ${key} AND c.seq >= greatest(${seq}, 1)
                             AND c.seq <= ${seq} + $1
                          OFFSET 0) c
                  WINDOW chain_order AS (ORDER BY c.seq)) l
           WHERE l.seq > ${seq}
             AND (coalesce(l.prev_seq, 0) <> l.seq - 1 OR NOT l.found OR l.expected <> l.link)
           ORDER BY l.seq LIMIT 1) b ON true
        LEFT JOIN (
          SELECT c.seq, c.link FROM audit_chain c
           WHERE c.chain_key = ${key} AND c.seq <= ${seq} + $1 ORDER BY c.seq DESC LIMIT 1) pe ON true
        LEFT JOIN (
          SELECT c.seq FROM audit_chain c WHERE c.chain_key = ${key} ORDER BY c.seq DESC LIMIT 1) t
          ON true
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS pending FROM audit_events e
           WHERE ${inClinic} AND (e.tx, e.occurred_at, e.id) > (w.tx, w.occurred_at, w.id)) p
        LEFT JOIN LATERAL (
          SELECT e.id FROM audit_events e
           WHERE b.seq IS NULL AND pe.seq IS NOT DISTINCT FROM t.seq
             AND (SELECT count(*) FROM audit_events e WHERE ${inClinic}) - p.pending <> coalesce(t.seq, 0)
             AND ${inClinic} AND (e.tx, e.occurred_at, e.id) <= (w.tx, w.occurred_at, w.id)
             AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
           ORDER BY e.tx, e.occurred_at, e.id LIMIT 1) u ON true`;
  });
  return { text: `${parts.join('\n      UNION ALL')}\n      ORDER BY n`, values };
}
