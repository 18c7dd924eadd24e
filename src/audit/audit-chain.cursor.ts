import { CursorKind, CursorValue, decodeCursor, encodeCursor } from 'src/common/pagination/cursor';

/** The chain of clinic-less events is keyed by the nil uuid (migrations/1763700640000-AuditChain.ts). */
export const CLINICLESS_CHAIN = '00000000-0000-0000-0000-000000000000';

/** A link a walk stops at and the next page starts from: its place and its hash (hex). */
export interface ChainPosition {
  seq: number;
  link: string;
}

const LINK = /^[0-9a-f]{64}$/;
const MAX_CHAINS = 1_000;

/**
 * The `next` cursor of a verification: where each chain's walk stopped, as flat triples
 * [chain key, seq, link]. A page starting from it first checks that each chain still has that link
 * at that place, so the pages of one verification are one unbroken walk.
 */
export function encodeChainCursor(positions: Map<string, ChainPosition>): string {
  const values: CursorValue[] = [];
  for (const [key, { seq, link }] of positions) {
    values.push(key, seq, link);
  }
  return encodeCursor(values);
}

/** The positions of a cursor this API issued; anything else is 400 INVALID_CURSOR. */
export function decodeChainCursor(cursor: string): Map<string, ChainPosition> {
  const arity = triplesIn(cursor) * 3;
  const kinds: CursorKind[] = [];
  for (let i = 0; i < arity; i += 3) {
    kinds.push('uuid', 'number', 'string');
  }
  // An arity of 0 is never issued: decodeCursor refuses what does not match.
  const values = decodeCursor(cursor, arity || -1, kinds);
  const positions = new Map<string, ChainPosition>();
  for (let i = 0; i < values.length; i += 3) {
    const [key, seq, link] = values.slice(i, i + 3) as [string, number, string];
    const chain = key.toLowerCase();
    if (!Number.isSafeInteger(seq) || seq < 0 || !LINK.test(link) || positions.has(chain)) {
      return decodeChainCursor('');
    }
    positions.set(chain, { seq, link });
  }
  return positions;
}

/** How many whole triples the cursor's JSON array holds, or 0 when it is not one. */
function triplesIn(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length % 3 === 0 && parsed.length <= MAX_CHAINS * 3) {
      return parsed.length / 3;
    }
  } catch {
    // not a cursor of ours
  }
  return 0;
}
