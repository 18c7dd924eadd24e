import {
  bloodPressureAboveHold,
  BpRecheckCheck as Check,
  bpRecheckRefusals,
  BpRecheckSettings,
} from 'src/screenings/bp-recheck.rules';

// ../shared/domain/ketamine-clinic.md §2.3: hold above 140/90; "Allow a re-check after 5 to 10 min
// of rest before holding". The 30-minute upper bound is the clinic's bpRecheckMaxMinutes default.
const SETTINGS: BpRecheckSettings = {
  preDoseHoldSystolic: 140,
  preDoseHoldDiastolic: 90,
  bpRecheckMinRestMinutes: 5,
  bpRecheckMaxMinutes: 30,
};

const FIRST_AT = new Date('2026-03-02T09:00:00Z');
const minutesLater = (minutes: number) => new Date(FIRST_AT.getTime() + minutes * 60_000);
const held = { systolic: 150, diastolic: 95, measuredAt: FIRST_AT };

describe('bloodPressureAboveHold (§2.3 "> 140 systolic or > 90 diastolic")', () => {
  it.each([
    ['150/95', 150, 95, true],
    ['141/80 (systolic only)', 141, 80, true],
    ['120/91 (diastolic only)', 120, 91, true],
    ['exactly 140/90 (not above)', 140, 90, false],
    ['132/84', 132, 84, false],
  ])('should judge %s', (_name, systolic, diastolic, expected) => {
    expect(bloodPressureAboveHold({ systolic, diastolic }, SETTINGS)).toBe(expected);
  });
});

describe('bpRecheckRefusals (§2.3 re-check after rest)', () => {
  // [case, first reading, minutes after it, restedMinutes, settings change, refused checks]
  const cases: [
    string,
    { systolic: number; diastolic: number },
    number,
    number | null,
    Partial<BpRecheckSettings>,
    Check[],
  ][] = [
    ['a re-check 6 min after a held 150/95', held, 6, null, {}, []],
    ['a re-check after exactly the 5 min minimum rest', held, 5, 5, {}, []],
    ['a re-check after exactly the 30 min maximum', held, 30, 10, {}, []],
    [
      'a re-check 10 min after a diastolic-only hold 120/95',
      { systolic: 120, diastolic: 95 },
      10,
      null,
      {},
      [],
    ],
    [
      'a re-check 2 min after the first reading (too soon)',
      held,
      2,
      null,
      {},
      [Check.RECHECK_TOO_SOON],
    ],
    ['a re-check 4.9 min after the first reading', held, 4.9, null, {}, [Check.RECHECK_TOO_SOON]],
    [
      'a re-check 31 min after the first reading (another visit)',
      held,
      31,
      null,
      {},
      [Check.RECHECK_TOO_LATE],
    ],
    [
      'a re-check at the same instant as the first reading',
      held,
      0,
      null,
      {},
      [Check.RECHECK_NOT_AFTER_FIRST_READING],
    ],
    [
      'a re-check before the first reading',
      held,
      -3,
      null,
      {},
      [Check.RECHECK_NOT_AFTER_FIRST_READING],
    ],
    [
      'a first reading exactly at the 140/90 hold (nothing held)',
      { systolic: 140, diastolic: 90 },
      6,
      null,
      {},
      [Check.FIRST_READING_NOT_HELD],
    ],
    [
      'a normal first reading re-checked too soon',
      { systolic: 124, diastolic: 80 },
      1,
      null,
      {},
      [Check.FIRST_READING_NOT_HELD, Check.RECHECK_TOO_SOON],
    ],
    ['a stated rest of 3 min, below the 5 min minimum', held, 8, 3, {}, [Check.REST_TOO_SHORT]],
    [
      'a stated rest of 12 min between readings 8 min apart',
      held,
      8,
      12,
      {},
      [Check.REST_LONGER_THAN_INTERVAL],
    ],
    ['a stated rest of 6 min between readings 5.5 min apart (whole minutes)', held, 5.5, 6, {}, []],
    [
      'a 150/95 under the clinic alternative 160/100 hold',
      held,
      6,
      null,
      { preDoseHoldSystolic: 160, preDoseHoldDiastolic: 100 },
      [Check.FIRST_READING_NOT_HELD],
    ],
    [
      'a re-check 8 min after under a clinic minimum rest of 10',
      held,
      8,
      null,
      { bpRecheckMinRestMinutes: 10 },
      [Check.RECHECK_TOO_SOON],
    ],
    [
      'a re-check 12 min after under a clinic maximum of 10 (§2.3 "5 to 10 min")',
      held,
      12,
      null,
      { bpRecheckMaxMinutes: 10 },
      [Check.RECHECK_TOO_LATE],
    ],
  ];

  it.each(cases)('should judge %s', (_name, first, after, restedMinutes, change, checks) => {
    const refusals = bpRecheckRefusals(
      { ...first, measuredAt: FIRST_AT },
      { systolic: 132, diastolic: 84, measuredAt: minutesLater(after), restedMinutes },
      { ...SETTINGS, ...change },
    );
    expect(refusals.map((r) => r.check)).toEqual(checks);
    for (const refusal of refusals) {
      expect(refusal).toEqual({
        check: refusal.check,
        message: expect.any(String),
        overridable: false,
      });
    }
  });

  it('should not judge the re-check values themselves: a still-high re-check is recorded and holds', () => {
    expect(
      bpRecheckRefusals(
        held,
        { systolic: 170, diastolic: 105, measuredAt: minutesLater(7), restedMinutes: 7 },
        SETTINGS,
      ),
    ).toEqual([]);
  });

  it('should name the clinic thresholds and the minutes in its messages', () => {
    const [tooSoon] = bpRecheckRefusals(
      held,
      { systolic: 132, diastolic: 84, measuredAt: minutesLater(2), restedMinutes: null },
      SETTINGS,
    );
    expect(tooSoon?.message).toBe(
      'The re-check was measured 2 min after the first reading; the clinic needs at least 5 min of rest',
    );
    const [notHeld] = bpRecheckRefusals(
      { systolic: 124, diastolic: 80, measuredAt: FIRST_AT },
      { systolic: 120, diastolic: 78, measuredAt: minutesLater(6), restedMinutes: null },
      SETTINGS,
    );
    expect(notHeld?.message).toMatch(/hold threshold \(140\/90\)/);
  });
});
