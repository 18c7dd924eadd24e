import { occurrence, OccurrenceInput } from 'src/sessions/late-entry.rules';

const now = new Date('2026-03-02T14:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const base: OccurrenceInput = {
  now,
  occurredAt: null,
  lateEntryReason: null,
  notBefore: null,
  settings: { lateEntryAfterMinutes: 15, lateEntryWindowHours: 72 },
};

// Issue 9 point 6: late entries need a reason, stay within the clinic's window, keep their order.
describe('late entries', () => {
  it.each<[string, Partial<OccurrenceInput>, string | { at: Date; late: boolean }]>([
    ['no stated time: now, live', {}, { at: now, late: false }],
    [
      '10 minutes ago: live, no reason needed',
      { occurredAt: ago(10) },
      { at: ago(10), late: false },
    ],
    ['16 minutes ago without a reason', { occurredAt: ago(16) }, 'LATE_ENTRY_REASON_REQUIRED'],
    [
      '5 hours ago with a reason',
      { occurredAt: ago(300), lateEntryReason: 'EHR downtime, charted on paper' },
      { at: ago(300), late: true },
    ],
    [
      '73 hours ago',
      { occurredAt: ago(73 * 60), lateEntryReason: 'paper' },
      'LATE_ENTRY_OUTSIDE_WINDOW',
    ],
    ['an hour ahead', { occurredAt: ago(-60) }, 'OCCURRED_IN_FUTURE'],
    ['two minutes ahead (clock skew): now', { occurredAt: ago(-2) }, { at: now, late: false }],
    [
      'before the step it follows',
      { occurredAt: ago(120), lateEntryReason: 'paper', notBefore: ago(60) },
      'LATE_ENTRY_OUT_OF_ORDER',
    ],
    [
      'right at the step it follows',
      { occurredAt: ago(60), lateEntryReason: 'paper', notBefore: ago(60) },
      { at: ago(60), late: true },
    ],
  ])('%s', (_label, change, expected) => {
    const out = occurrence({ ...base, ...change });
    if (typeof expected === 'string') {
      expect(out).toMatchObject({ ok: false, refusal: expected });
    } else {
      expect(out).toEqual({ ok: true, ...expected });
    }
  });

  it('should honour the clinic’s own threshold and window', () => {
    const settings = { lateEntryAfterMinutes: 60, lateEntryWindowHours: 2 };
    expect(occurrence({ ...base, settings, occurredAt: ago(45) })).toMatchObject({ late: false });
    expect(
      occurrence({ ...base, settings, occurredAt: ago(150), lateEntryReason: 'paper' }),
    ).toMatchObject({ refusal: 'LATE_ENTRY_OUTSIDE_WINDOW' });
  });
});
