import {
  BASELINE_SCALE_RANGES,
  BaselineScale,
  baselineScoreProblem,
} from 'src/screenings/baseline-scales.rules';
import {
  ageInYears,
  assessEligibility,
  countAdequateFailedTrials,
  decisionBloodPressure,
  EligibilityReasonCode as C,
  EligibilitySettings,
  overrideRefusals,
  permitsTreatment,
  ScreeningFacts,
  screeningValidUntil,
} from 'src/screenings/eligibility.rules';

// Facts and thresholds: ../shared/domain/ketamine-clinic.md §2.1 (TRD), §2.2 (contraindications), §2.3 (BP).
const SETTINGS: EligibilitySettings = {
  preDoseHoldSystolic: 140,
  preDoseHoldDiastolic: 90,
  preDoseMinHeartRate: 50,
  preDoseMaxHeartRate: 110,
  minimumPatientAgeYears: 18,
  trdMinTrialWeeks: 6,
  trdMinFailedTrials: 2,
  trdMinBaselinePhq9: 10,
  highDoseBenzodiazepineMgPerDay: 3,
};

const failedTrial = { weeks: 8, outcome: 'no_response' as const, currentEpisode: true };

function facts(change: (f: ScreeningFacts) => void = () => undefined): ScreeningFacts {
  const f: ScreeningFacts = {
    ageYears: 40,
    primaryIndication: 'treatment_resistant_depression',
    ketamineHypersensitivity: false,
    psychiatric: {
      activePsychosis: false,
      activeMania: false,
      psychoticDisorderHistory: false,
      bipolarDisorder: false,
      onMoodStabiliser: false,
      substanceUseDisorder: 'none',
    },
    antidepressantTrials: [failedTrial, { ...failedTrial, outcome: 'partial_response' }],
    currentMedications: [{}],
    baselineScores: [{ instrument: 'phq9', score: 19 }],
    benzodiazepineLorazepamEqMgPerDay: null,
    pregnant: false,
    breastfeeding: false,
    systolicBp: 120,
    diastolicBp: 80,
    heartRate: 70,
    thyroidStatus: 'normal',
    cardiac: {
      unstableCardiovascularDisease: false,
      aneurysmalVascularDisease: false,
      bloodPressureRiseHazard: false,
    },
    other: {
      intracerebralHaemorrhageHistory: false,
      raisedIntracranialPressure: false,
      raisedIntraocularPressure: false,
      severeHepaticImpairment: false,
    },
  };
  change(f);
  return f;
}

describe('assessEligibility', () => {
  it('should find a patient with nothing against treatment eligible', () => {
    expect(assessEligibility(facts(), SETTINGS)).toEqual({ decision: 'eligible', reasons: [] });
  });

  // [case, facts change, expected code, rule, severity, decision]
  const cases: [string, (f: ScreeningFacts) => void, C, string, string, string][] = [
    // §2.2 absolute
    [
      'ketamine hypersensitivity (§2.2 absolute)',
      (f) => (f.ketamineHypersensitivity = true),
      C.KETAMINE_HYPERSENSITIVITY,
      'absolute-contraindications',
      'absolute',
      'ineligible',
    ],
    [
      'BP rise would be a serious hazard (§2.2 absolute, label)',
      (f) => (f.cardiac.bloodPressureRiseHazard = true),
      C.HYPERTENSION_HAZARD,
      'absolute-contraindications',
      'absolute',
      'ineligible',
    ],
    [
      'aneurysmal vascular disease (§2.2 absolute)',
      (f) => (f.cardiac.aneurysmalVascularDisease = true),
      C.ANEURYSMAL_VASCULAR_DISEASE,
      'absolute-contraindications',
      'absolute',
      'ineligible',
    ],
    [
      'intracerebral haemorrhage (§2.2 absolute)',
      (f) => (f.other.intracerebralHaemorrhageHistory = true),
      C.INTRACEREBRAL_HAEMORRHAGE,
      'absolute-contraindications',
      'absolute',
      'ineligible',
    ],
    [
      'unstable cardiovascular disease (§2.2 absolute while unstable)',
      (f) => (f.cardiac.unstableCardiovascularDisease = true),
      C.UNSTABLE_CARDIOVASCULAR_DISEASE,
      'absolute-contraindications',
      'absolute',
      'ineligible',
    ],
    // §2.2 exclusions
    [
      'pregnancy (§2.2 exclude)',
      (f) => (f.pregnant = true),
      C.PREGNANCY,
      'exclusion-criteria',
      'exclusion',
      'ineligible',
    ],
    [
      'breastfeeding (§2.2 exclude)',
      (f) => (f.breastfeeding = true),
      C.BREASTFEEDING,
      'exclusion-criteria',
      'exclusion',
      'ineligible',
    ],
    [
      'active psychosis (§2.2 exclude)',
      (f) => (f.psychiatric.activePsychosis = true),
      C.ACTIVE_PSYCHOSIS,
      'exclusion-criteria',
      'exclusion',
      'ineligible',
    ],
    [
      'active mania (§2.2 exclude)',
      (f) => (f.psychiatric.activeMania = true),
      C.ACTIVE_MANIA,
      'exclusion-criteria',
      'exclusion',
      'ineligible',
    ],
    // §2.3 BP hold
    [
      'systolic above 140 (§2.3 pre-dose hold)',
      (f) => (f.systolicBp = 141),
      C.UNCONTROLLED_HYPERTENSION,
      'blood-pressure-hold',
      'exclusion',
      'ineligible',
    ],
    [
      'diastolic above 90 (§2.3 pre-dose hold)',
      (f) => (f.diastolicBp = 91),
      C.UNCONTROLLED_HYPERTENSION,
      'blood-pressure-hold',
      'exclusion',
      'ineligible',
    ],
    // §2.3 heart-rate range (clinic preDoseMin/MaxHeartRate, convention)
    [
      'heart rate above 110 (§2.3 convention)',
      (f) => (f.heartRate = 111),
      C.HEART_RATE_OUT_OF_RANGE,
      'heart-rate-range',
      'relative',
      'needs_clinician_review',
    ],
    [
      'heart rate below 50 (§2.3 convention)',
      (f) => (f.heartRate = 49),
      C.HEART_RATE_OUT_OF_RANGE,
      'heart-rate-range',
      'relative',
      'needs_clinician_review',
    ],
    // §2.2 age
    [
      'under 18 (§2.2 age)',
      (f) => (f.ageYears = 17),
      C.UNDER_MINIMUM_AGE,
      'minimum-age',
      'exclusion',
      'ineligible',
    ],
    // §2.2 relative
    [
      'history of psychotic disorder (§2.2 relative)',
      (f) => (f.psychiatric.psychoticDisorderHistory = true),
      C.PSYCHOTIC_DISORDER_HISTORY,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    [
      'active substance use disorder (§2.2 relative)',
      (f) => (f.psychiatric.substanceUseDisorder = 'active'),
      C.ACTIVE_SUBSTANCE_USE_DISORDER,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    [
      'raised intracranial pressure (§2.2 relative)',
      (f) => (f.other.raisedIntracranialPressure = true),
      C.RAISED_INTRACRANIAL_PRESSURE,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    [
      'raised intraocular pressure (§2.2 relative)',
      (f) => (f.other.raisedIntraocularPressure = true),
      C.RAISED_INTRAOCULAR_PRESSURE,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    [
      'severe hepatic impairment (§2.2 avoid)',
      (f) => (f.other.severeHepaticImpairment = true),
      C.SEVERE_HEPATIC_IMPAIRMENT,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    [
      'untreated hyperthyroidism (§2.2 relative)',
      (f) => (f.thyroidStatus = 'hyperthyroid_untreated'),
      C.UNTREATED_HYPERTHYROIDISM,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    [
      'bipolar without mood stabiliser (§2.2 relative)',
      (f) => (f.psychiatric.bipolarDisorder = true),
      C.BIPOLAR_WITHOUT_MOOD_STABILISER,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    [
      'benzodiazepines above 3 mg/day lorazepam-eq (§2.2 relative)',
      (f) => (f.benzodiazepineLorazepamEqMgPerDay = 4),
      C.HIGH_DOSE_BENZODIAZEPINES,
      'relative-contraindications',
      'relative',
      'needs_clinician_review',
    ],
    // §2.2 "Other interacting medications: MAOIs, psychostimulants, sedative-hypnotics, opioids — Flag"
    ...(['maoi', 'psychostimulant', 'sedative_hypnotic', 'opioid'] as const).map(
      (drugClass): [string, (f: ScreeningFacts) => void, C, string, string, string] => [
        `a current ${drugClass} (§2.2 flag)`,
        (f) => (f.currentMedications = [{}, { drugClass }]),
        C.INTERACTING_MEDICATION,
        'interacting-medications',
        'relative',
        'needs_clinician_review',
      ],
    ),
    // §2.1 severity: PHQ-9 ≥ 10 confirms moderate-or-worse depression for TRD
    [
      'a baseline PHQ-9 of 9 for TRD (§2.1 PHQ-9 ≥ 10)',
      (f) => (f.baselineScores = [{ instrument: 'phq9', score: 9 }]),
      C.SEVERITY_BELOW_MODERATE,
      'severity-confirmation',
      'relative',
      'needs_clinician_review',
    ],
    [
      'the latest of several baseline PHQ-9s below 10 (§2.1)',
      (f) =>
        (f.baselineScores = [
          { instrument: 'phq9', score: 18, takenAt: '2026-01-01T09:00:00Z' },
          { instrument: 'phq9', score: 6 },
          { instrument: 'phq9', score: 15, takenAt: '2026-01-05T09:00:00Z' },
        ]),
      C.SEVERITY_BELOW_MODERATE,
      'severity-confirmation',
      'relative',
      'needs_clinician_review',
    ],
    // §2.1 TRD
    [
      'one adequate failed trial only (§2.1 ≥ 2)',
      (f) => (f.antidepressantTrials = [failedTrial]),
      C.TRD_CRITERIA_NOT_MET,
      'treatment-resistance',
      'relative',
      'needs_clinician_review',
    ],
    [
      'trials shorter than 6 weeks (§2.1 adequate duration)',
      (f) =>
        (f.antidepressantTrials = [
          { ...failedTrial, weeks: 5 },
          { ...failedTrial, weeks: 4 },
        ]),
      C.TRD_CRITERIA_NOT_MET,
      'treatment-resistance',
      'relative',
      'needs_clinician_review',
    ],
    [
      'trials in a previous episode (§2.1 current episode)',
      (f) =>
        (f.antidepressantTrials = [
          { ...failedTrial, currentEpisode: false },
          { ...failedTrial, currentEpisode: false },
        ]),
      C.TRD_CRITERIA_NOT_MET,
      'treatment-resistance',
      'relative',
      'needs_clinician_review',
    ],
    [
      'trials that worked (§2.1 inadequate response)',
      (f) =>
        (f.antidepressantTrials = [
          { ...failedTrial, outcome: 'response' },
          { ...failedTrial, outcome: 'not_tolerated' },
        ]),
      C.TRD_CRITERIA_NOT_MET,
      'treatment-resistance',
      'relative',
      'needs_clinician_review',
    ],
  ];

  it.each(cases)('should flag %s', (_name, change, code, rule, severity, decision) => {
    const result = assessEligibility(facts(change), SETTINGS);
    expect(result.decision).toBe(decision);
    expect(result.reasons).toEqual([{ code, rule, severity, message: expect.any(String) }]);
  });

  // [case, facts change]: borderline values that must NOT produce a reason
  const clear: [string, (f: ScreeningFacts) => void][] = [
    [
      'BP exactly at the hold threshold 140/90 (§2.3 "above")',
      (f) => ((f.systolicBp = 140), (f.diastolicBp = 90)),
    ],
    ['exactly 18 years old (§2.2)', (f) => (f.ageYears = 18)],
    ['heart rate at the upper limit 110 (§2.3)', (f) => (f.heartRate = 110)],
    ['heart rate at the lower limit 50 (§2.3)', (f) => (f.heartRate = 50)],
    [
      'bipolar on a mood stabiliser (§1.4, §2.2)',
      (f) => ((f.psychiatric.bipolarDisorder = true), (f.psychiatric.onMoodStabiliser = true)),
    ],
    [
      'substance use disorder in remission (§2.2 "active")',
      (f) => (f.psychiatric.substanceUseDisorder = 'in_remission'),
    ],
    [
      'treated hyperthyroidism (§2.2 "untreated")',
      (f) => (f.thyroidStatus = 'hyperthyroid_treated'),
    ],
    [
      'benzodiazepines at exactly 3 mg/day (§2.2 "> 3")',
      (f) => (f.benzodiazepineLorazepamEqMgPerDay = 3),
    ],
    [
      'trials of exactly 6 weeks (§2.1)',
      (f) =>
        (f.antidepressantTrials = [
          { ...failedTrial, weeks: 6 },
          { ...failedTrial, weeks: 6 },
        ]),
    ],
    [
      'a benzodiazepine or an unclassified medication (§2.2: judged by dose instead)',
      (f) => (f.currentMedications = [{ drugClass: 'benzodiazepine' }, {}]),
    ],
    [
      'a baseline PHQ-9 of exactly 10 for TRD (§2.1 "≥ 10")',
      (f) => (f.baselineScores = [{ instrument: 'phq9', score: 10 }]),
    ],
    ['no baseline PHQ-9 for TRD (§2.1: judged only when given)', (f) => (f.baselineScores = [])],
    [
      'a low MADRS but no PHQ-9 (§2.1 names PHQ-9)',
      (f) => (f.baselineScores = [{ instrument: 'madrs', score: 5 }]),
    ],
    [
      'a PHQ-9 of 4 when the indication is PTSD (§2.1 only for TRD)',
      (f) => (
        (f.primaryIndication = 'ptsd'),
        (f.baselineScores = [{ instrument: 'phq9', score: 4 }])
      ),
    ],
    [
      'the latest of several PHQ-9s at 12 after an earlier 5 (§2.1)',
      (f) =>
        (f.baselineScores = [
          { instrument: 'phq9', score: 5, takenAt: '2026-01-01T09:00:00Z' },
          { instrument: 'phq9', score: 12 },
        ]),
    ],
    [
      'no trials when the indication is PTSD (§2.1 only for TRD)',
      (f) => ((f.primaryIndication = 'ptsd'), (f.antidepressantTrials = [])),
    ],
    [
      'no trials when the indication is major depression (§2.1 "do not hard-block")',
      (f) => ((f.primaryIndication = 'major_depression'), (f.antidepressantTrials = [])),
    ],
  ];

  it.each(clear)('should not flag %s', (_name, change) => {
    expect(assessEligibility(facts(change), SETTINGS)).toEqual({
      decision: 'eligible',
      reasons: [],
    });
  });

  it('should use the clinic settings, not constants (§2.3 alternative 160/100, §2.1 4 weeks)', () => {
    const lenient = {
      ...SETTINGS,
      preDoseHoldSystolic: 160,
      preDoseHoldDiastolic: 100,
      trdMinTrialWeeks: 4,
    };
    const f = facts((x) => {
      x.systolicBp = 155;
      x.diastolicBp = 95;
      x.antidepressantTrials = [
        { ...failedTrial, weeks: 4 },
        { ...failedTrial, weeks: 5 },
      ];
    });
    expect(assessEligibility(f, SETTINGS).reasons.map((r) => r.code)).toEqual([
      C.UNCONTROLLED_HYPERTENSION,
      C.TRD_CRITERIA_NOT_MET,
    ]);
    expect(assessEligibility(f, lenient)).toEqual({ decision: 'eligible', reasons: [] });
    expect(
      assessEligibility(
        facts((x) => (x.ageYears = 16)),
        { ...SETTINGS, minimumPatientAgeYears: 16 },
      ).decision,
    ).toBe('eligible');
  });

  it('should make any absolute or exclusion reason win over relative ones', () => {
    const result = assessEligibility(
      facts((f) => {
        f.pregnant = true;
        f.psychiatric.psychoticDisorderHistory = true;
      }),
      SETTINGS,
    );
    expect(result.decision).toBe('ineligible');
    expect(result.reasons.map((r) => [r.code, r.severity])).toEqual([
      [C.PREGNANCY, 'exclusion'],
      [C.PSYCHOTIC_DISORDER_HISTORY, 'relative'],
    ]);
  });
});

describe('blood pressure with a re-check after rest (§2.3 "allow a re-check ... before holding")', () => {
  // [case, first reading, re-check (null: none), judged reading, decision, reasons]
  const cases: [
    string,
    [number, number],
    [number, number] | null,
    'initial' | 'recheck',
    string,
    C[],
  ][] = [
    [
      'a held 150/95 without a re-check',
      [150, 95],
      null,
      'initial',
      'ineligible',
      [C.UNCONTROLLED_HYPERTENSION],
    ],
    ['a held 150/95 re-checked at 132/84', [150, 95], [132, 84], 'recheck', 'eligible', []],
    [
      'a held 150/95 still high at 148/92',
      [150, 95],
      [148, 92],
      'recheck',
      'ineligible',
      [C.UNCONTROLLED_HYPERTENSION],
    ],
    ['a held 150/95 re-checked at exactly 140/90', [150, 95], [140, 90], 'recheck', 'eligible', []],
    [
      'a held 150/95 re-checked with diastolic still 91',
      [150, 95],
      [130, 91],
      'recheck',
      'ineligible',
      [C.UNCONTROLLED_HYPERTENSION],
    ],
  ];

  it.each(cases)('should judge %s', (_name, [sys, dia], recheck, source, decision, codes) => {
    const f = facts((x) => {
      x.systolicBp = sys;
      x.diastolicBp = dia;
      x.bloodPressureRecheck = recheck ? { systolic: recheck[0], diastolic: recheck[1] } : null;
    });
    const result = assessEligibility(f, SETTINGS);
    expect(result.decision).toBe(decision);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(decisionBloodPressure(f).source).toBe(source);
  });

  it('should say which reading held in the reason', () => {
    const first = assessEligibility(
      facts((x) => ((x.systolicBp = 150), (x.diastolicBp = 95))),
      SETTINGS,
    );
    expect(first.reasons[0]?.message).toMatch(/at screening .*re-check after rest/);
    const stillHigh = assessEligibility(
      facts((x) => {
        x.systolicBp = 150;
        x.diastolicBp = 95;
        x.bloodPressureRecheck = { systolic: 150, diastolic: 95 };
      }),
      SETTINGS,
    );
    expect(stillHigh.reasons[0]?.message).toMatch(/still above .*at the re-check after rest/);
  });
});

describe('countAdequateFailedTrials (§2.1)', () => {
  it.each([
    [[], 0],
    [[failedTrial], 1],
    [[failedTrial, { ...failedTrial, outcome: 'partial_response' as const }], 2],
    [[failedTrial, { ...failedTrial, weeks: 5 }], 1],
    [[failedTrial, { ...failedTrial, currentEpisode: false }], 1],
    [[failedTrial, { ...failedTrial, outcome: 'response' as const }], 1],
    [[failedTrial, { ...failedTrial, outcome: 'not_tolerated' as const }], 1],
  ])('should count %j as %i', (trials, expected) => {
    expect(countAdequateFailedTrials(trials, 6)).toBe(expected);
  });
});

describe('overrideRefusals (issue 3: an absolute contraindication cannot be overridden)', () => {
  const reason = (code: C, severity: 'absolute' | 'exclusion' | 'relative') => ({
    code,
    rule: 'r',
    severity,
    message: 'm',
  });

  it.each([
    ['relative only', [reason(C.PSYCHOTIC_DISORDER_HISTORY, 'relative')], []],
    [
      'an absolute one',
      [reason(C.KETAMINE_HYPERSENSITIVITY, 'absolute')],
      [C.KETAMINE_HYPERSENSITIVITY],
    ],
    ['an exclusion', [reason(C.PREGNANCY, 'exclusion')], [C.PREGNANCY]],
    [
      'mixed',
      [reason(C.PREGNANCY, 'exclusion'), reason(C.TRD_CRITERIA_NOT_MET, 'relative')],
      [C.PREGNANCY],
    ],
  ])('should refuse for %s', (_name, reasons, refused) => {
    const refusals = overrideRefusals(reasons);
    expect(refusals.map((r) => r.check)).toEqual(refused);
    expect(refusals.every((r) => !r.overridable)).toBe(true);
  });
});

describe('permitsTreatment', () => {
  it.each([
    ['eligible', false, true],
    ['eligible', true, true],
    ['needs_clinician_review', true, true],
    ['needs_clinician_review', false, false],
    ['ineligible', false, false],
    ['ineligible', true, false],
  ] as const)('should answer %s (overridden %s) with %s', (decision, overridden, expected) => {
    expect(permitsTreatment(decision, overridden)).toBe(expected);
  });
});

describe('ageInYears (§2.2 age)', () => {
  it.each([
    ['2008-06-15', '2026-06-14T12:00:00Z', 17],
    ['2008-06-15', '2026-06-15T00:00:00Z', 18],
    ['2008-02-29', '2026-02-28T12:00:00Z', 17],
    ['2008-02-29', '2026-03-01T00:00:00Z', 18],
    ['1985-12-31', '2026-01-01T00:00:00Z', 40],
  ])('should make someone born %s aged, on %s, %i', (dob, at, expected) => {
    expect(ageInYears(dob, new Date(at))).toBe(expected);
  });
});

describe('screeningValidUntil (clinic screeningValidityDays, default 90)', () => {
  it.each([
    [
      'signed the same day',
      '2026-01-01T10:00:00Z',
      '2026-01-01T11:00:00Z',
      90,
      '2026-04-01T10:00:00.000Z',
    ],
    [
      'signed weeks after the facts were taken',
      '2026-01-01T10:00:00Z',
      '2026-02-01T10:00:00Z',
      90,
      '2026-04-01T10:00:00.000Z',
    ],
    [
      'with a shorter clinic validity',
      '2026-01-01T10:00:00Z',
      '2026-01-01T10:00:00Z',
      30,
      '2026-01-31T10:00:00.000Z',
    ],
  ])('should count from the facts when %s', (_name, screenedAt, signedAt, days, expected) => {
    expect(screeningValidUntil(new Date(screenedAt), new Date(signedAt), days).toISOString()).toBe(
      expected,
    );
  });
});

describe('interacting medications name every class found (§2.2 flag)', () => {
  it('should list the classes in one reason', () => {
    const result = assessEligibility(
      facts((f) => (f.currentMedications = [{ drugClass: 'opioid' }, { drugClass: 'maoi' }])),
      SETTINGS,
    );
    expect(result.reasons).toEqual([
      expect.objectContaining({
        code: C.INTERACTING_MEDICATION,
        message: expect.stringMatching(/MAOI, opioid$/),
      }),
    ]);
  });

  it('should follow the clinic setting trdMinBaselinePhq9 (§2.1 default 10)', () => {
    const f = facts((x) => (x.baselineScores = [{ instrument: 'phq9', score: 12 }]));
    expect(assessEligibility(f, SETTINGS).decision).toBe('eligible');
    expect(
      assessEligibility(f, { ...SETTINGS, trdMinBaselinePhq9: 15 }).reasons.map((r) => r.code),
    ).toEqual([C.SEVERITY_BELOW_MODERATE]);
  });
});

describe('baselineScoreProblem (§5 total ranges)', () => {
  // [scale, lowest, highest] from the §5 "Total" column
  it.each<[BaselineScale, number, number]>([
    [BaselineScale.PHQ9, 0, 27],
    [BaselineScale.GAD7, 0, 21],
    [BaselineScale.PCL5, 0, 80],
    [BaselineScale.MADRS, 0, 60],
    [BaselineScale.QIDS_SR16, 0, 27],
    [BaselineScale.YBOCS, 0, 40],
    [BaselineScale.YBOCS_II, 0, 50],
    [BaselineScale.PAIN_NRS, 0, 10],
    [BaselineScale.CADSS, 0, 92],
    [BaselineScale.CADSS6, 0, 24],
    [BaselineScale.YMRS, 0, 60],
  ])('should accept %s totals %i to %i and nothing outside', (scale, min, max) => {
    expect(BASELINE_SCALE_RANGES[scale]).toEqual({ min, max });
    expect(baselineScoreProblem(scale, min)).toBeNull();
    expect(baselineScoreProblem(scale, max)).toBeNull();
    expect(baselineScoreProblem(scale, max + 1)).toEqual(expect.stringContaining(`${max}`));
    expect(baselineScoreProblem(scale, min - 1)).not.toBeNull();
    expect(baselineScoreProblem(scale, min + 0.5)).toEqual(expect.stringContaining('whole number'));
  });

  it('should cover every scale of the enum', () => {
    expect(Object.keys(BASELINE_SCALE_RANGES).sort()).toEqual(Object.values(BaselineScale).sort());
  });
});
