import { flagVitals, VitalsReading, VitalsThresholds } from 'src/sessions/vitals.rules';

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
