import { LedgerEntry, reconcileLot } from 'src/sessions/lot-ledger.rules';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
const e = (kind: LedgerEntry['kind'], quantityMg: number, minute: number): LedgerEntry => ({
  kind,
  quantityMg,
  occurredAt: at(minute),
});

// Issue 4 point 9 (Schedule III record): received = given + wasted + on hand (+ in use).
describe('controlled-substance lot reconciliation', () => {
  it('should balance a lot whose draws were all given or wasted', () => {
    const r = reconcileLot([
      e('receipt', 500, 0),
      e('draw', 50, 1),
      e('administer', 36.2, 2),
      e('waste', 13.8, 3),
      e('count', 450, 4),
    ]);
    expect(r).toMatchObject({
      receivedMg: 500,
      givenMg: 36.2,
      wastedMg: 13.8,
      onHandMg: 450,
      inUseMg: 0,
      discrepancies: [],
      balanced: true,
    });
    expect(r.givenMg + r.wastedMg + r.onHandMg + r.inUseMg).toBe(r.receivedMg);
  });

  it.each([
    // entries, expected discrepancy codes and mg
    [[e('receipt', 500, 0), e('count', 490, 1)], [['COUNT_MISMATCH', -10]]],
    [[e('receipt', 500, 0), e('count', 500.5, 1)], [['COUNT_MISMATCH', 0.5]]],
    [[e('receipt', 10, 0), e('draw', 20, 1)], [['OVERDRAWN', 10]]],
    [
      [e('receipt', 100, 0), e('draw', 20, 1), e('administer', 25, 2)],
      [['GIVEN_EXCEEDS_DRAWN', 5]],
    ],
    [[e('receipt', 100, 0), e('draw', 20, 1), e('return', 5, 2), e('administer', 15, 3)], []],
  ])('should report %p as %p', (entries, expected) => {
    const r = reconcileLot(entries);
    expect(r.discrepancies.map((d) => [d.code, d.mg])).toEqual(expected);
    expect(r.balanced).toBe(expected.length === 0);
  });

  it('should compare a count with the balance at its own time, not the final one', () => {
    const r = reconcileLot([
      e('receipt', 100, 0),
      e('count', 100, 1),
      e('draw', 40, 2),
      e('administer', 40, 3),
    ]);
    expect(r.counts).toEqual([
      { occurredAt: at(1), countedMg: 100, expectedMg: 100, discrepancyMg: 0 },
    ]);
    expect(r.onHandMg).toBe(60);
    expect(r.inUseMg).toBe(0);
  });

  it('should show an open draw as in use', () => {
    const r = reconcileLot([e('receipt', 100, 0), e('draw', 40, 1), e('administer', 30, 2)]);
    expect(r.inUseMg).toBe(10);
    expect(r.balanced).toBe(true);
  });
});
