// No Nest imports: pure data, served read-only by GET /api/v1/instruments and used by the scoring
// and outcome rules. Every number comes from ../shared/domain/ketamine-clinic.md §5 (scales and codes).

export enum InstrumentCode {
  PHQ9 = 'phq9',
  GAD7 = 'gad7',
  PCL5 = 'pcl5',
  CSSRS_SCREENER = 'cssrs_screener',
  CADSS6 = 'cadss6',
  PAIN_NRS = 'pain_nrs',
}

/** `sum`: total = sum of the items. `cssrs_risk`: categorical risk level from yes/no answers (§5). */
export type ScoringMethod = 'sum' | 'cssrs_risk';

export interface LoincCode {
  code: string;
  /** True where §5 marks the code [uncertain] (single source, not verified on loinc.org). */
  uncertain: boolean;
}

export interface InstrumentItem {
  /** Stable item code, e.g. `phq9_9`. */
  code: string;
  /** 1-based position in `responses`. */
  number: number;
  /** A short label for the item (not the licensed wording where the scale has one). */
  label: string;
  min: number;
  max: number;
  /** `yes_no` items take 0 (no) or 1 (yes). */
  kind: 'scale' | 'yes_no';
  loinc: LoincCode | null;
}

export interface SeverityBand {
  label: string;
  min: number;
  max: number;
}

export interface InstrumentDefinition {
  code: InstrumentCode;
  version: string;
  name: string;
  rater: 'self' | 'clinician' | 'clinician_or_self';
  recallPeriod: string;
  scoring: ScoringMethod;
  items: InstrumentItem[];
  /** Total range for `sum` instruments; null for categorical ones. */
  totalMin: number | null;
  totalMax: number | null;
  bands: SeverityBand[];
  /** A total at or above this is a positive screen (e.g. PHQ-9 ≥ 10); null when none applies. */
  positiveScreenAtOrAbove: number | null;
  /**
   * Response = at least this % reduction from baseline (issue 5, §5: 50 % for every outcome
   * scale); null when the scale is not an outcome.
   */
  responseReductionPercent: number | null;
  /**
   * Meaningful improvement = at least this % reduction from baseline, where the scale has such a
   * convention below response (PCL-5: ≥ 30 % in trials, §1.4/§5; pain NRS: ≥ 30 % IMMPACT); else null.
   */
  meaningfulImprovementReductionPercent: number | null;
  /** Remission = total at or below this; null when §5 gives no remission cutoff. */
  remissionAtOrBelow: number | null;
  /** Whether outcomes (response / remission / change) are computed for it. */
  outcomeMeasure: boolean;
  loincTotal: LoincCode | null;
  loincPanel: LoincCode | null;
  notes: string;
}

const sure = (code: string): LoincCode => ({ code, uncertain: false });
const unsure = (code: string): LoincCode => ({ code, uncertain: true });

function scaleItems(
  prefix: string,
  labels: string[],
  min: number,
  max: number,
  loinc: (string | null)[] = [],
): InstrumentItem[] {
  return labels.map((label, i) => ({
    code: `${prefix}_${i + 1}`,
    number: i + 1,
    label,
    min,
    max,
    kind: 'scale',
    loinc: loinc[i] ? sure(loinc[i]) : null,
  }));
}

const PHQ9: InstrumentDefinition = {
  code: InstrumentCode.PHQ9,
  version: '1',
  name: 'Patient Health Questionnaire-9',
  rater: 'self',
  recallPeriod: 'past 2 weeks',
  scoring: 'sum',
  items: scaleItems(
    'phq9',
    [
      'Little interest or pleasure in doing things',
      'Feeling down, depressed or hopeless',
      'Trouble falling or staying asleep, or sleeping too much',
      'Feeling tired or having little energy',
      'Poor appetite or overeating',
      'Feeling bad about yourself',
      'Trouble concentrating',
      'Moving or speaking slowly, or being fidgety or restless',
      'Thoughts that you would be better off dead or of hurting yourself',
    ],
    0,
    3,
    // §5: items 1-8 and item 9 (S73)
    [
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
    ],
  ),
  totalMin: 0,
  totalMax: 27,
  bands: [
    { label: 'minimal', min: 0, max: 4 },
    { label: 'mild', min: 5, max: 9 },
    { label: 'moderate', min: 10, max: 14 },
    { label: 'moderately severe', min: 15, max: 19 },
    { label: 'severe', min: 20, max: 27 },
  ],
  positiveScreenAtOrAbove: 10,
  responseReductionPercent: 50,
  meaningfulImprovementReductionPercent: null,
  remissionAtOrBelow: 4,
  outcomeMeasure: true,
  loincTotal: sure('44261-6'),
  loincPanel: unsure('44249-1'),
  notes:
    'Response ≥ 50 % reduction from baseline; remission < 5; ≥ 10 probable MDD. Item 9 > 0 is a safety flag needing same-day clinician review (§5).',
};

const GAD7: InstrumentDefinition = {
  code: InstrumentCode.GAD7,
  version: '1',
  name: 'Generalized Anxiety Disorder-7',
  rater: 'self',
  recallPeriod: 'past 2 weeks',
  scoring: 'sum',
  items: scaleItems(
    'gad7',
    [
      'Feeling nervous, anxious or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid as if something awful might happen',
    ],
    0,
    3,
  ),
  totalMin: 0,
  totalMax: 21,
  bands: [
    { label: 'minimal', min: 0, max: 4 },
    { label: 'mild', min: 5, max: 9 },
    { label: 'moderate', min: 10, max: 14 },
    { label: 'severe', min: 15, max: 21 },
  ],
  positiveScreenAtOrAbove: 10,
  responseReductionPercent: 50,
  meaningfulImprovementReductionPercent: null,
  remissionAtOrBelow: 4,
  outcomeMeasure: true,
  loincTotal: sure('70274-6'),
  loincPanel: sure('69737-5'),
  notes: 'Response ≥ 50 % and remission < 5 are conventions (§5). ≥ 10 is a positive screen.',
};

const PCL5: InstrumentDefinition = {
  code: InstrumentCode.PCL5,
  version: '1',
  name: 'PTSD Checklist for DSM-5',
  rater: 'self',
  recallPeriod: 'past month',
  scoring: 'sum',
  items: scaleItems(
    'pcl5',
    Array.from({ length: 20 }, (_, i) => `PCL-5 item ${i + 1}`),
    0,
    4,
  ),
  totalMin: 0,
  totalMax: 80,
  // §5 gives no severity bands, only the probable-PTSD cutoff (≥ 33 commonly used).
  bands: [
    { label: 'below probable PTSD cutoff', min: 0, max: 32 },
    { label: 'probable PTSD', min: 33, max: 80 },
  ],
  positiveScreenAtOrAbove: 33,
  // Response ≥ 50 % as for every outcome scale (issue 5); trials used ≥ 30 % (§1.4, §5), kept as
  // meaningful improvement. §5 gives no remission cutoff.
  responseReductionPercent: 50,
  meaningfulImprovementReductionPercent: 30,
  remissionAtOrBelow: null,
  outcomeMeasure: true,
  loincTotal: unsure('91006-2'),
  loincPanel: null,
  notes:
    'Response ≥ 50 % reduction from baseline; meaningful improvement ≥ 30 % (trial convention, §1.4/§5). No remission cutoff is defined by the domain reference, so remission is not computed.',
};

const CSSRS_SCREENER: InstrumentDefinition = {
  code: InstrumentCode.CSSRS_SCREENER,
  version: '1',
  name: 'Columbia Suicide Severity Rating Scale, screener',
  rater: 'clinician_or_self',
  recallPeriod: 'past month (questions 1-5); lifetime and past 3 months (question 6)',
  scoring: 'cssrs_risk',
  items: [
    ['cssrs_1', 'Wish to be dead'],
    ['cssrs_2', 'Active suicidal thoughts'],
    ['cssrs_3', 'Suicidal thoughts with method'],
    ['cssrs_4', 'Suicidal intent without specific plan'],
    ['cssrs_5', 'Suicidal intent with specific plan'],
    ['cssrs_6', 'Suicidal behaviour, lifetime'],
    ['cssrs_6b', 'Suicidal behaviour within the past 3 months (answer only when item 6 is yes)'],
  ].map(([code, label], i) => ({
    code: code ?? '',
    number: i + 1,
    label: label ?? '',
    min: 0,
    max: 1,
    kind: 'yes_no' as const,
    loinc: null,
  })),
  totalMin: null,
  totalMax: null,
  bands: [],
  positiveScreenAtOrAbove: null,
  responseReductionPercent: null,
  meaningfulImprovementReductionPercent: null,
  remissionAtOrBelow: null,
  outcomeMeasure: false,
  loincTotal: null,
  loincPanel: unsure('73831-0'),
  notes:
    'Categorical risk (§5): low = Q1/Q2 only; moderate = Q3, or behaviour more than 3 months ago; high = Q4 or Q5, or behaviour in the past 3 months. ' +
    'If Q2 is no, Q3-5 are skipped (send null). Item 6b is answered only when item 6 is yes. Every positive screen raises a clinician alert of its risk level; ' +
    'moderate and high ones block the infusion until a clinician acknowledges them, low ones do not.',
};

const CADSS6: InstrumentDefinition = {
  code: InstrumentCode.CADSS6,
  version: '1',
  name: 'Clinician-Administered Dissociative States Scale, 6-item short form (CADSS-6)',
  rater: 'clinician',
  recallPeriod: 'during the session',
  scoring: 'sum',
  // CADSS-6 = items 1, 2, 6, 7, 15, 22 of the 23-item CADSS (§5, S49).
  items: [1, 2, 6, 7, 15, 22].map((source, i) => ({
    code: `cadss6_${i + 1}`,
    number: i + 1,
    label: `CADSS item ${source}`,
    min: 0,
    max: 4,
    kind: 'scale' as const,
    loinc: null,
  })),
  totalMin: 0,
  totalMax: 24,
  bands: [],
  positiveScreenAtOrAbove: null,
  responseReductionPercent: null,
  meaningfulImprovementReductionPercent: null,
  remissionAtOrBelow: null,
  outcomeMeasure: false,
  loincTotal: null,
  loincPanel: null,
  notes:
    'A safety and tolerability measure, not an outcome (§5): no bands, no response or remission. Usually taken at ~40 min and at the end of the infusion (§3.1).',
};

const PAIN_NRS: InstrumentDefinition = {
  code: InstrumentCode.PAIN_NRS,
  version: '1',
  name: 'Pain numeric rating scale 0-10',
  rater: 'self',
  recallPeriod: 'now',
  scoring: 'sum',
  items: [
    {
      code: 'pain_nrs_1',
      number: 1,
      label: 'Pain intensity, 0 (none) to 10 (worst imaginable)',
      min: 0,
      max: 10,
      kind: 'scale',
      loinc: sure('72514-3'),
    },
  ],
  totalMin: 0,
  totalMax: 10,
  bands: [
    { label: 'none', min: 0, max: 0 },
    { label: 'mild', min: 1, max: 3 },
    { label: 'moderate', min: 4, max: 6 },
    { label: 'severe', min: 7, max: 10 },
  ],
  positiveScreenAtOrAbove: null,
  // IMMPACT: ≥ 30 % = moderate (clinically important), ≥ 50 % = substantial (§5).
  responseReductionPercent: 50,
  meaningfulImprovementReductionPercent: 30,
  remissionAtOrBelow: null,
  outcomeMeasure: true,
  loincTotal: sure('72514-3'),
  loincPanel: null,
  notes:
    'Response ≥ 50 % reduction (IMMPACT substantial improvement); meaningful improvement ≥ 30 % (IMMPACT moderate). No remission cutoff is defined.',
};

/** Every instrument, current versions. A new version is appended, never edited in place. */
export const INSTRUMENTS: readonly InstrumentDefinition[] = Object.freeze([
  PHQ9,
  GAD7,
  PCL5,
  CSSRS_SCREENER,
  CADSS6,
  PAIN_NRS,
]);

export function findInstrument(code: string, version?: string): InstrumentDefinition | undefined {
  const matching = INSTRUMENTS.filter((i) => i.code === (code as InstrumentCode));
  return version === undefined
    ? matching[matching.length - 1]
    : matching.find((i) => i.version === version);
}

/** When an assessment was taken, relative to treatment (§5 suggested cadence). */
export enum AssessmentContext {
  BASELINE = 'baseline',
  PRE_SESSION = 'pre_session',
  POST_SESSION = 'post_session',
  FOLLOW_UP = 'follow_up',
}
