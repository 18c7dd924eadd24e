import {
  flagVitals,
  latestReadingAt,
  VitalsReading,
  VitalsThresholds,
} from 'src/sessions/vitals.rules';

// The clinic-setting defaults (src/clinics/clinic-settings.ts cannot load outside Nest).
const DEFAULTS: VitalsThresholds = {
  preDoseHoldSystolic: 140,
  preDoseHoldDiastolic: 90,
  preDoseMinHeartRate: 50,
  preDoseMaxHeartRate: 110,
  preDoseMinSpo2: 92,
  intraAlertSystolic: 160,
  intraStopSystolic: 180,
  intraStopDiastolic: 110,
  intraStopHeartRate: 120,
  spo2AlertBelow: 92,
  spo2StopBelow: 90,
};

const normal: VitalsReading = { systolic: 120, diastolic: 78, heartRate: 72, spo2: 98 };

// ../shared/domain/ketamine-clinic.md §2.3 with the clinic defaults (140/90 hold, 160 alert,
// 180/110 stop, HR 120 stop, SpO2 92 alert / 90 stop).
describe('vitals flags before the infusion (§2.3 pre-dose hold)', () => {
  it.each([
    [{}, []],
    [{ systolic: 140 }, []],
    [{ systolic: 141 }, ['SYSTOLIC_ABOVE_HOLD']],
    [{ diastolic: 91 }, ['DIASTOLIC_ABOVE_HOLD']],
    [{ heartRate: 49 }, ['HEART_RATE_OUT_OF_RANGE']],
    [{ heartRate: 111 }, ['HEART_RATE_OUT_OF_RANGE']],
    [{ spo2: 91 }, ['SPO2_BELOW_HOLD']],
    [{ systolic: 150, diastolic: 95 }, ['SYSTOLIC_ABOVE_HOLD', 'DIASTOLIC_ABOVE_HOLD']],
  ])('should flag %p as %p', (change, expected) => {
    const flags = flagVitals({ ...normal, ...change }, 'pre', DEFAULTS);
    expect(flags.map((f) => f.code)).toEqual(expected);
    expect(flags.every((f) => f.level === 'hold')).toBe(true);
  });

  it.each([
    [{ systolic: 179 }, [['SYSTOLIC_ABOVE_HOLD', 'hold']]],
    [{ systolic: 180 }, [['SYSTOLIC_AT_STOP', 'stop']]],
    [{ diastolic: 109 }, [['DIASTOLIC_ABOVE_HOLD', 'hold']]],
    [{ diastolic: 110 }, [['DIASTOLIC_AT_STOP', 'stop']]],
    [{ heartRate: 119 }, [['HEART_RATE_OUT_OF_RANGE', 'hold']]],
    [{ heartRate: 120 }, [['HEART_RATE_AT_STOP', 'stop']]],
    [{ spo2: 90 }, [['SPO2_BELOW_HOLD', 'hold']]],
    [{ spo2: 89 }, [['SPO2_AT_STOP', 'stop']]],
    [
      { systolic: 185, diastolic: 95 },
      [
        ['DIASTOLIC_ABOVE_HOLD', 'hold'],
        ['SYSTOLIC_AT_STOP', 'stop'],
      ],
    ],
  ])(
    'should flag %p at or beyond the intra-infusion stop thresholds as %p (§2.3)',
    (change, expected) => {
      const flags = flagVitals({ ...normal, ...change }, 'pre', DEFAULTS);
      expect(flags.map((f) => [f.code, f.level])).toEqual(expected);
    },
  );

  it('should use the clinic’s own thresholds (alt 160/100)', () => {
    const settings = { ...DEFAULTS, preDoseHoldSystolic: 160, preDoseHoldDiastolic: 100 };
    expect(flagVitals({ ...normal, systolic: 150, diastolic: 95 }, 'pre', settings)).toEqual([]);
  });
});

describe('vitals flags during infusion and recovery (§2.3 intra-infusion)', () => {
  it.each([
    [{ systolic: 159 }, []],
    [{ systolic: 160 }, [['SYSTOLIC_AT_ALERT', 'alert']]],
    [{ systolic: 180 }, [['SYSTOLIC_AT_STOP', 'stop']]],
    [{ diastolic: 110 }, [['DIASTOLIC_AT_STOP', 'stop']]],
    [{ heartRate: 120 }, [['HEART_RATE_AT_STOP', 'stop']]],
    [{ spo2: 91 }, [['SPO2_AT_ALERT', 'alert']]],
    [{ spo2: 89 }, [['SPO2_AT_STOP', 'stop']]],
    [{ systolic: 145, diastolic: 95 }, []],
  ])('should flag %p as %p', (change, expected) => {
    const flags = flagVitals({ ...normal, ...change }, 'intra', DEFAULTS);
    expect(flags.map((f) => [f.code, f.level])).toEqual(expected);
  });
});

describe('the reading that stands for now (§2.4 pre-infusion, §4.1 discharge)', () => {
  const now = new Date('2026-01-05T10:00:00Z');
  const at = (minutes: number) => ({
    id: minutes,
    takenAt: new Date(now.getTime() + minutes * 60_000),
  });

  it.each<[string, number[], Date | null, number | null]>([
    ['the latest of past readings', [-20, -5, -10], null, -5],
    ['one taken exactly now', [-5, 0], null, 0],
    ['never a future-dated one', [-5, 3, 60], null, -5],
    ['nothing when all are in the future', [1, 2], null, null],
    ['only readings since notBefore', [-30, -20], new Date(now.getTime() - 25 * 60_000), -20],
    ['nothing before notBefore', [-30], new Date(now.getTime() - 25 * 60_000), null],
  ])('should pick %s', (_label, minutes, notBefore, expected) => {
    expect(latestReadingAt(minutes.map(at), now, notBefore)?.id ?? null).toBe(expected);
  });
});
