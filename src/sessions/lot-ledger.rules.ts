/**
 * Controlled-substance lot reconciliation (ketamine is Schedule III; issue 4 point 9;
 * ../shared/domain/ketamine-clinic.md §6 "controlled-substance lot/waste tracking"). Pure.
 *
 * received = given + wasted + on hand + in use (drawn for a session, not yet given or wasted).
 * A physical count records what was found; it is compared with the book balance at that moment,
 * and any difference is a discrepancy. Quantities are mg; arithmetic in 0.001 mg integers.
 */
export type LedgerKind = 'receipt' | 'draw' | 'administer' | 'waste' | 'return' | 'count';

export interface LedgerEntry {
  kind: LedgerKind;
  quantityMg: number;
  occurredAt: Date;
}

export interface LotReconciliation {
  receivedMg: number;
  drawnMg: number;
  givenMg: number;
  wastedMg: number;
  returnedMg: number;
  /** Book balance in the lot: received − drawn + returned. */
  onHandMg: number;
  /** Drawn for sessions and not yet given, wasted or returned. */
  inUseMg: number;
  counts: { occurredAt: Date; countedMg: number; expectedMg: number; discrepancyMg: number }[];
  /** Every way the books do not add up; empty when they balance. */
  discrepancies: LotDiscrepancy[];
  balanced: boolean;
}

export interface LotDiscrepancy {
  /** COUNT_MISMATCH: a physical count differs from the book balance; OVERDRAWN: more drawn than
   * received; GIVEN_EXCEEDS_DRAWN: more given + wasted than was drawn. */
  code: 'COUNT_MISMATCH' | 'OVERDRAWN' | 'GIVEN_EXCEEDS_DRAWN';
  mg: number;
  occurredAt: Date | null;
}

const toMicro = (mg: number) => Math.round(mg * 1000);
const fromMicro = (n: number) => n / 1000;

export function reconcileLot(entries: LedgerEntry[]): LotReconciliation {
  const sorted = [...entries].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const t = { receipt: 0, draw: 0, administer: 0, waste: 0, return: 0 };
  const counts: LotReconciliation['counts'] = [];
  for (const entry of sorted) {
    if (entry.kind === 'count') {
      const expected = t.receipt - t.draw + t.return;
      const counted = toMicro(entry.quantityMg);
      counts.push({
        occurredAt: entry.occurredAt,
        countedMg: fromMicro(counted),
        expectedMg: fromMicro(expected),
        discrepancyMg: fromMicro(counted - expected),
      });
    } else {
      t[entry.kind] += toMicro(entry.quantityMg);
    }
  }
  const onHand = t.receipt - t.draw + t.return;
  const inUse = t.draw - t.administer - t.waste - t.return;
  const discrepancies: LotDiscrepancy[] = counts
    .filter((c) => c.discrepancyMg !== 0)
    .map((c) => ({ code: 'COUNT_MISMATCH', mg: c.discrepancyMg, occurredAt: c.occurredAt }));
  if (onHand < 0) {
    discrepancies.push({ code: 'OVERDRAWN', mg: fromMicro(-onHand), occurredAt: null });
  }
  if (inUse < 0) {
    discrepancies.push({ code: 'GIVEN_EXCEEDS_DRAWN', mg: fromMicro(-inUse), occurredAt: null });
  }
  return {
    receivedMg: fromMicro(t.receipt),
    drawnMg: fromMicro(t.draw),
    givenMg: fromMicro(t.administer),
    wastedMg: fromMicro(t.waste),
    returnedMg: fromMicro(t.return),
    onHandMg: fromMicro(onHand),
    inUseMg: fromMicro(inUse),
    counts,
    discrepancies,
    balanced: discrepancies.length === 0,
  };
}
