import { CLINIC_SETTING_DEFAULTS, settingsContradictions } from 'src/clinics/clinic-settings';

describe('settingsContradictions', () => {
  it('should find the defaults consistent', () => {
    expect(settingsContradictions({ ...CLINIC_SETTING_DEFAULTS })).toEqual([]);
  });

  // §2.3 "allow a re-check after 5 to 10 min of rest": the rest must fit before the latest re-check.
  it.each([
    [5, 30, []],
    [10, 11, []],
    [10, 10, ['bpRecheckMinRestMinutes']],
    [20, 15, ['bpRecheckMinRestMinutes']],
  ])(
    'should judge a re-check rest of %i min with a maximum of %i min',
    (bpRecheckMinRestMinutes, bpRecheckMaxMinutes, fields) => {
      const found = settingsContradictions({
        ...CLINIC_SETTING_DEFAULTS,
        bpRecheckMinRestMinutes,
        bpRecheckMaxMinutes,
      });
      expect(found.map((c) => c.field)).toEqual(fields);
    },
  );

  // Issue 9 point 6: the late-entry window must reach past the late-entry threshold.
  it.each([
    [15, 72, []],
    [59, 1, []],
    [60, 1, ['lateEntryAfterMinutes']],
    [240, 1, ['lateEntryAfterMinutes']],
  ])(
    'should judge a late-entry threshold of %i min with a window of %i h',
    (lateEntryAfterMinutes, lateEntryWindowHours, fields) => {
      const found = settingsContradictions({
        ...CLINIC_SETTING_DEFAULTS,
        lateEntryAfterMinutes,
        lateEntryWindowHours,
      });
      expect(found.map((c) => c.field)).toEqual(fields);
    },
  );
});
