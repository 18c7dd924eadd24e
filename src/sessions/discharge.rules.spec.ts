import {
  DischargeInput,
  evaluateDischarge,
  latestObservations,
  RecoveryObservations,
} from 'src/sessions/discharge.rules';

const now = new Date('2026-01-05T11:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

// ../shared/domain/ketamine-clinic.md §4.1: 30 min recovery, BP below the hold, SpO2 ≥ 94 %,
// oriented, escort present (clinic-setting defaults); issue 9 point 4: sedation back to baseline,
// dissociation assessed and resolved, orientation not contradicted by the latest observation.
const recovered: RecoveryObservations = {
  sedation: { scale: 'moaas', score: 5 },
  dissociationObserved: false,
  oriented: true,
};
const ready: DischargeInput = {
  now,
  infusionEndedAt: minutesAgo(35),
  dischargeVitals: {
    systolic: 128,
    diastolic: 82,
    heartRate: 76,
    spo2: 97,
    takenAt: minutesAgo(2),
  },
  observed: recovered,
  baselineSedation: null,
  orientationConfirmed: true,
  escortPresent: true,
  settings: {
    minRecoveryMinutes: 30,
    recoveryMonitoringIntervalMinutes: 15,
    dischargeMinSpo2: 94,
    preDoseHoldSystolic: 140,
    preDoseHoldDiastolic: 90,
    preDoseMinHeartRate: 50,
    preDoseMaxHeartRate: 110,
  },
};

describe('discharge criteria (§4.1)', () => {
  it('should allow a recovered patient to leave', () => {
    expect(evaluateDischarge(ready)).toEqual([]);
  });

  it.each<[string, Partial<DischargeInput>, string[]]>([
    ['infusion not ended', { infusionEndedAt: null }, ['INFUSION_NOT_ENDED']],
    ['29 minutes of recovery', { infusionEndedAt: minutesAgo(29) }, ['RECOVERY_TIME_NOT_MET']],
    ['exactly 30 minutes', { infusionEndedAt: minutesAgo(30) }, []],
    ['no discharge vitals', { dischargeVitals: null }, ['DISCHARGE_VITALS_MISSING']],
    [
      'BP 150/85',
      { dischargeVitals: { ...ready.dischargeVitals!, systolic: 150 } },
      ['DISCHARGE_BP_HIGH'],
    ],
    [
      'HR 115',
      { dischargeVitals: { ...ready.dischargeVitals!, heartRate: 115 } },
      ['DISCHARGE_HEART_RATE_OUT_OF_RANGE'],
    ],
    [
      'SpO2 93',
      { dischargeVitals: { ...ready.dischargeVitals!, spo2: 93 } },
      ['DISCHARGE_SPO2_LOW'],
    ],
    [
      'vitals 16 minutes old (§3.2 recovery interval 15)',
      { dischargeVitals: { ...ready.dischargeVitals!, takenAt: minutesAgo(16) } },
      ['DISCHARGE_VITALS_STALE'],
    ],
    [
      'vitals exactly 15 minutes old',
      { dischargeVitals: { ...ready.dischargeVitals!, takenAt: minutesAgo(15) } },
      [],
    ],
    [
      'stale vitals that were also out of range',
      { dischargeVitals: { ...ready.dischargeVitals!, spo2: 92, takenAt: minutesAgo(20) } },
      ['DISCHARGE_VITALS_STALE', 'DISCHARGE_SPO2_LOW'],
    ],
    ['not oriented', { orientationConfirmed: false }, ['ORIENTATION_NOT_CONFIRMED']],
    ['no escort', { escortPresent: false }, ['ESCORT_NOT_PRESENT']],
    [
      'several at once',
      { infusionEndedAt: minutesAgo(10), escortPresent: false, orientationConfirmed: false },
      ['RECOVERY_TIME_NOT_MET', 'ORIENTATION_NOT_CONFIRMED', 'ESCORT_NOT_PRESENT'],
    ],
  ])('should refuse when %s', (_label, change, expected) => {
    const failures = evaluateDischarge({ ...ready, ...change });
    expect(failures.map((f) => f.check)).toEqual(expected);
    expect(failures.every((f) => f.overridable === false)).toBe(true);
  });

  it.each<[string, Partial<DischargeInput>, string[]]>([
    [
      'MOAA/S 1 with dissociation (the issue’s case)',
      {
        observed: {
          ...recovered,
          sedation: { scale: 'moaas', score: 1 },
          dissociationObserved: true,
        },
      },
      ['SEDATION_NOT_AT_BASELINE', 'DISSOCIATION_NOT_RESOLVED'],
    ],
    [
      'MOAA/S 4 against the normal 5',
      { observed: { ...recovered, sedation: { scale: 'moaas', score: 4 } } },
      ['SEDATION_NOT_AT_BASELINE'],
    ],
    [
      'MOAA/S 4 when the patient’s own baseline was 4',
      {
        observed: { ...recovered, sedation: { scale: 'moaas', score: 4 } },
        baselineSedation: { scale: 'moaas', score: 4 },
      },
      [],
    ],
    ['RASS 0', { observed: { ...recovered, sedation: { scale: 'rass', score: 0 } } }, []],
    [
      'RASS −2',
      { observed: { ...recovered, sedation: { scale: 'rass', score: -2 } } },
      ['SEDATION_NOT_AT_BASELINE'],
    ],
    [
      'RASS +1 (restless)',
      { observed: { ...recovered, sedation: { scale: 'rass', score: 1 } } },
      ['SEDATION_NOT_AT_BASELINE'],
    ],
    [
      'RASS −2 after an anxious +2 baseline (more sedated, not back)',
      {
        observed: { ...recovered, sedation: { scale: 'rass', score: -2 } },
        baselineSedation: { scale: 'rass', score: 2 },
      },
      ['SEDATION_NOT_AT_BASELINE'],
    ],
    [
      'RASS +1 after an anxious +2 baseline',
      {
        observed: { ...recovered, sedation: { scale: 'rass', score: 1 } },
        baselineSedation: { scale: 'rass', score: 2 },
      },
      [],
    ],
    [
      'RASS −1 after a drowsy −1 baseline',
      {
        observed: { ...recovered, sedation: { scale: 'rass', score: -1 } },
        baselineSedation: { scale: 'rass', score: -1 },
      },
      [],
    ],
    [
      'RASS scored against a MOAA/S baseline uses the scale’s normal',
      {
        observed: { ...recovered, sedation: { scale: 'rass', score: 0 } },
        baselineSedation: { scale: 'moaas', score: 3 },
      },
      [],
    ],
    [
      'no sedation score since the end',
      { observed: { ...recovered, sedation: null } },
      ['SEDATION_NOT_ASSESSED'],
    ],
    [
      'dissociation never assessed',
      { observed: { ...recovered, dissociationObserved: null } },
      ['DISSOCIATION_NOT_ASSESSED'],
    ],
    [
      '“oriented” against a latest observation of not oriented',
      { observed: { ...recovered, oriented: false } },
      ['ORIENTATION_CONTRADICTED'],
    ],
    [
      'orientation never observed but confirmed',
      { observed: { ...recovered, oriented: null } },
      [],
    ],
  ])('§4.1 from what was observed: %s', (_label, change, expected) => {
    expect(evaluateDischarge({ ...ready, ...change }).map((f) => f.check)).toEqual(expected);
  });

  it('should take each observation from the latest reading that recorded it', () => {
    const reading = (m: number, o: Partial<Parameters<typeof latestObservations>[0][0]>) => ({
      takenAt: minutesAgo(m),
      sedationScore: null,
      sedationScale: null,
      dissociationObserved: null,
      oriented: null,
      ...o,
    });
    expect(
      latestObservations([
        reading(5, { sedationScore: 5, dissociationObserved: false }),
        reading(20, { sedationScore: 2, dissociationObserved: true, oriented: false }),
        reading(1, { oriented: true }),
      ]),
    ).toEqual({
      sedation: { scale: 'moaas', score: 5 },
      dissociationObserved: false,
      oriented: true,
    });
  });

  it('should use the clinic’s own minimum recovery time', () => {
    const settings = { ...ready.settings, minRecoveryMinutes: 60 };
    expect(evaluateDischarge({ ...ready, settings }).map((f) => f.check)).toEqual([
      'RECOVERY_TIME_NOT_MET',
    ]);
  });
});
