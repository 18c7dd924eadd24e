import {
  applyOverrides,
  evaluatePreInfusionGate,
  GateInput,
} from 'src/sessions/pre-infusion-gate.rules';

const now = new Date('2026-01-05T09:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

// Clinic-setting defaults: §2.3 holds 140/90, HR 50–110, SpO2 92; §2.4 vitals within 30 min;
// weight within 30 days (§1.1 convention).
const ready: GateInput = {
  now,
  consentOnFile: true,
  screening: { decision: 'eligible', overridden: false, validUntil: daysAgo(-30) },
  escortConfirmed: true,
  fastingConfirmed: true,
  weightKg: 72.3,
  weightRecordedAt: daysAgo(3),
  latestVitals: { systolic: 122, diastolic: 80, heartRate: 70, spo2: 98, takenAt: minutesAgo(5) },
  settings: {
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
    preInfusionVitalsMaxAgeMinutes: 30,
    weightMaxAgeDays: 30,
  },
};

describe('pre-infusion gate (§2.4 checklist, §2.3 pre-dose hold)', () => {
  it('should pass a patient who is ready', () => {
    expect(evaluatePreInfusionGate(ready)).toEqual([]);
  });

  it.each<[string, Partial<GateInput>, [string, boolean][]]>([
    ['no consent', { consentOnFile: false }, [['CONSENT_MISSING', false]]],
    ['no screening', { screening: null }, [['SCREENING_MISSING', false]]],
    [
      'a newer screening not yet signed (it counts, not an older signed one)',
      { screening: { decision: 'ineligible', overridden: false, validUntil: null } },
      [['LATEST_SCREENING_UNSIGNED', false]],
    ],
    [
      'ineligible screening',
      { screening: { decision: 'ineligible', overridden: false, validUntil: daysAgo(-1) } },
      [['SCREENING_INELIGIBLE', false]],
    ],
    [
      'screening awaiting review',
      {
        screening: {
          decision: 'needs_clinician_review',
          overridden: false,
          validUntil: daysAgo(-1),
        },
      },
      [['SCREENING_NEEDS_REVIEW', false]],
    ],
    [
      'screening reviewed and overridden',
      {
        screening: {
          decision: 'needs_clinician_review',
          overridden: true,
          validUntil: daysAgo(-1),
        },
      },
      [],
    ],
    [
      'expired screening',
      { screening: { decision: 'eligible', overridden: false, validUntil: daysAgo(1) } },
      [['SCREENING_EXPIRED', false]],
    ],
    ['no escort', { escortConfirmed: false }, [['ESCORT_NOT_CONFIRMED', false]]],
    ['not fasting', { fastingConfirmed: false }, [['FASTING_NOT_CONFIRMED', true]]],
    ['no weight', { weightKg: null, weightRecordedAt: null }, [['WEIGHT_MISSING', false]]],
    ['weight 31 days old', { weightRecordedAt: daysAgo(31) }, [['WEIGHT_STALE', true]]],
    ['weight 30 days old', { weightRecordedAt: daysAgo(30) }, []],
    ['no vitals', { latestVitals: null }, [['PRE_INFUSION_VITALS_MISSING', false]]],
    [
      'vitals 31 minutes old',
      { latestVitals: { ...ready.latestVitals!, takenAt: minutesAgo(31) } },
      [['PRE_INFUSION_VITALS_STALE', true]],
    ],
    [
      'BP 150/95',
      { latestVitals: { ...ready.latestVitals!, systolic: 150, diastolic: 95 } },
      [
        ['VITALS_SYSTOLIC_ABOVE_HOLD', true],
        ['VITALS_DIASTOLIC_ABOVE_HOLD', true],
      ],
    ],
    [
      'HR 115',
      { latestVitals: { ...ready.latestVitals!, heartRate: 115 } },
      [['VITALS_HEART_RATE_OUT_OF_RANGE', true]],
    ],
    [
      'SpO2 90',
      { latestVitals: { ...ready.latestVitals!, spo2: 90 } },
      [['VITALS_SPO2_BELOW_HOLD', true]],
    ],
    [
      'systolic 179, below the stop (relative)',
      { latestVitals: { ...ready.latestVitals!, systolic: 179 } },
      [['VITALS_SYSTOLIC_ABOVE_HOLD', true]],
    ],
    [
      'systolic 180, at the intra-infusion stop (§2.3: absolute)',
      { latestVitals: { ...ready.latestVitals!, systolic: 180 } },
      [['VITALS_SYSTOLIC_AT_STOP', false]],
    ],
    [
      'diastolic 112, beyond the stop',
      { latestVitals: { ...ready.latestVitals!, diastolic: 112 } },
      [['VITALS_DIASTOLIC_AT_STOP', false]],
    ],
    [
      'HR 120, at the stop',
      { latestVitals: { ...ready.latestVitals!, heartRate: 120 } },
      [['VITALS_HEART_RATE_AT_STOP', false]],
    ],
    [
      'SpO2 89, below the stop',
      { latestVitals: { ...ready.latestVitals!, spo2: 89 } },
      [['VITALS_SPO2_AT_STOP', false]],
    ],
    [
      'a stop and a hold at once',
      { latestVitals: { ...ready.latestVitals!, systolic: 150, heartRate: 125 } },
      [
        ['VITALS_SYSTOLIC_ABOVE_HOLD', true],
        ['VITALS_HEART_RATE_AT_STOP', false],
      ],
    ],
  ])('should report %s', (_label, change, expected) => {
    const failures = evaluatePreInfusionGate({ ...ready, ...change });
    expect(failures.map((f) => [f.check, f.overridable])).toEqual(expected);
  });

  it('should list every failed check at once', () => {
    const failures = evaluatePreInfusionGate({
      ...ready,
      consentOnFile: false,
      escortConfirmed: false,
      latestVitals: null,
    });
    expect(failures.map((f) => f.check)).toEqual([
      'CONSENT_MISSING',
      'ESCORT_NOT_CONFIRMED',
      'PRE_INFUSION_VITALS_MISSING',
    ]);
  });
});

describe('clinician overrides of the gate', () => {
  const failures = evaluatePreInfusionGate({
    ...ready,
    consentOnFile: false,
    latestVitals: { ...ready.latestVitals!, systolic: 145 },
  });

  it('should clear a relative check and record the override', () => {
    const result = applyOverrides(failures, [
      { check: 'VITALS_SYSTOLIC_ABOVE_HOLD', reason: 'Rechecked after rest, 138/86' },
    ]);
    expect(result.remaining.map((f) => f.check)).toEqual(['CONSENT_MISSING']);
    expect(result.applied).toEqual([
      { check: 'VITALS_SYSTOLIC_ABOVE_HOLD', reason: 'Rechecked after rest, 138/86' },
    ]);
  });

  it('should never clear vitals at a stop threshold (§2.3)', () => {
    const atStop = evaluatePreInfusionGate({
      ...ready,
      latestVitals: { ...ready.latestVitals!, systolic: 182 },
    });
    const result = applyOverrides(atStop, [
      { check: 'VITALS_SYSTOLIC_AT_STOP', reason: 'Asymptomatic' },
      { check: 'VITALS_SYSTOLIC_ABOVE_HOLD', reason: 'Asymptomatic' },
    ]);
    expect(result.remaining.map((f) => f.check)).toEqual(['VITALS_SYSTOLIC_AT_STOP']);
    expect(result.applied).toEqual([]);
  });

  it('should never clear an absolute check', () => {
    const result = applyOverrides(failures, [{ check: 'CONSENT_MISSING', reason: 'verbal' }]);
    expect(result.remaining.map((f) => f.check)).toEqual([
      'CONSENT_MISSING',
      'VITALS_SYSTOLIC_ABOVE_HOLD',
    ]);
    expect(result.applied).toEqual([]);
  });
});
