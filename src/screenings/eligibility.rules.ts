// Pure eligibility rules (no Nest imports). Facts and defaults: ../shared/domain/ketamine-clinic.md
// §2.1 (treatment resistance, severity), §2.2 (contraindications, interacting medications),
// §2.3 (blood pressure), §2.2 "Age".

import {
  BloodPressureReading,
  bloodPressureAboveHold,
  DecisionBloodPressure,
} from 'src/screenings/bp-recheck.rules';

export type EligibilityDecision = 'eligible' | 'needs_clinician_review' | 'ineligible';
/** absolute: never overridable; exclusion: excluded until the condition changes; relative: a clinician may override with a rationale. */
export type ReasonSeverity = 'absolute' | 'exclusion' | 'relative';

export enum EligibilityReasonCode {
  KETAMINE_HYPERSENSITIVITY = 'KETAMINE_HYPERSENSITIVITY',
  HYPERTENSION_HAZARD = 'HYPERTENSION_HAZARD',
  ANEURYSMAL_VASCULAR_DISEASE = 'ANEURYSMAL_VASCULAR_DISEASE',
  INTRACEREBRAL_HAEMORRHAGE = 'INTRACEREBRAL_HAEMORRHAGE',
  UNSTABLE_CARDIOVASCULAR_DISEASE = 'UNSTABLE_CARDIOVASCULAR_DISEASE',
  UNCONTROLLED_HYPERTENSION = 'UNCONTROLLED_HYPERTENSION',
  HEART_RATE_OUT_OF_RANGE = 'HEART_RATE_OUT_OF_RANGE',
  PREGNANCY = 'PREGNANCY',
  BREASTFEEDING = 'BREASTFEEDING',
  ACTIVE_PSYCHOSIS = 'ACTIVE_PSYCHOSIS',
  ACTIVE_MANIA = 'ACTIVE_MANIA',
  UNDER_MINIMUM_AGE = 'UNDER_MINIMUM_AGE',
  PSYCHOTIC_DISORDER_HISTORY = 'PSYCHOTIC_DISORDER_HISTORY',
  ACTIVE_SUBSTANCE_USE_DISORDER = 'ACTIVE_SUBSTANCE_USE_DISORDER',
  RAISED_INTRACRANIAL_PRESSURE = 'RAISED_INTRACRANIAL_PRESSURE',
  RAISED_INTRAOCULAR_PRESSURE = 'RAISED_INTRAOCULAR_PRESSURE',
  SEVERE_HEPATIC_IMPAIRMENT = 'SEVERE_HEPATIC_IMPAIRMENT',
  UNTREATED_HYPERTHYROIDISM = 'UNTREATED_HYPERTHYROIDISM',
  BIPOLAR_WITHOUT_MOOD_STABILISER = 'BIPOLAR_WITHOUT_MOOD_STABILISER',
  HIGH_DOSE_BENZODIAZEPINES = 'HIGH_DOSE_BENZODIAZEPINES',
  INTERACTING_MEDICATION = 'INTERACTING_MEDICATION',
  TRD_CRITERIA_NOT_MET = 'TRD_CRITERIA_NOT_MET',
  SEVERITY_BELOW_MODERATE = 'SEVERITY_BELOW_MODERATE',
}

export interface EligibilityReason {
  code: EligibilityReasonCode;
  /** The rule that produced it (one of RULES' names). */
  rule: string;
  severity: ReasonSeverity;
  message: string;
}

export type TrialOutcome = 'no_response' | 'partial_response' | 'response' | 'not_tolerated';
export type ThyroidStatus =
  'normal' | 'hypothyroid' | 'hyperthyroid_treated' | 'hyperthyroid_untreated' | 'unknown';
export type SubstanceUseStatus = 'none' | 'in_remission' | 'active';

/** Drug classes that matter for ketamine (§2.2; Spravato REMS form concomitant-medication fields). */
export type MedicationClass =
  'maoi' | 'psychostimulant' | 'sedative_hypnotic' | 'opioid' | 'benzodiazepine';
export const MEDICATION_CLASSES: MedicationClass[] = [
  'maoi',
  'psychostimulant',
  'sedative_hypnotic',
  'opioid',
  'benzodiazepine',
];
/** §2.2 "Other interacting medications: MAOIs, psychostimulants, sedative-hypnotics, opioids — Flag". */
export const INTERACTING_CLASSES: readonly MedicationClass[] = [
  'maoi',
  'psychostimulant',
  'sedative_hypnotic',
  'opioid',
];

export interface ScreeningFacts {
  ageYears: number;
  primaryIndication: string;
  ketamineHypersensitivity: boolean;
  psychiatric: {
    activePsychosis: boolean;
    activeMania: boolean;
    psychoticDisorderHistory: boolean;
    bipolarDisorder: boolean;
    onMoodStabiliser: boolean;
    substanceUseDisorder: SubstanceUseStatus;
  };
  antidepressantTrials: { weeks: number; outcome: TrialOutcome; currentEpisode: boolean }[];
  currentMedications: { drugClass?: MedicationClass }[];
  /** Baseline totals by scale code (e.g. `phq9`); takenAt absent means taken at the screening. */
  baselineScores: { instrument: string; score: number; takenAt?: string }[];
  benzodiazepineLorazepamEqMgPerDay: number | null;
  pregnant: boolean;
  breastfeeding: boolean;
  /** The first reading, taken at the screening. */
  systolicBp: number;
  diastolicBp: number;
  /** A re-check after rest (§2.3); when present, eligibility judges it instead of the first reading. */
  bloodPressureRecheck?: BloodPressureReading | null;
  heartRate: number;
  thyroidStatus: ThyroidStatus;
  cardiac: {
    unstableCardiovascularDisease: boolean;
    aneurysmalVascularDisease: boolean;
    /** A condition where a significant rise in blood pressure would be a serious hazard (label wording). */
    bloodPressureRiseHazard: boolean;
  };
  other: {
    intracerebralHaemorrhageHistory: boolean;
    raisedIntracranialPressure: boolean;
    raisedIntraocularPressure: boolean;
    severeHepaticImpairment: boolean;
  };
}

export interface EligibilitySettings {
  preDoseHoldSystolic: number;
  preDoseHoldDiastolic: number;
  preDoseMinHeartRate: number;
  preDoseMaxHeartRate: number;
  minimumPatientAgeYears: number;
  trdMinTrialWeeks: number;
  trdMinFailedTrials: number;
  trdMinBaselinePhq9: number;
  highDoseBenzodiazepineMgPerDay: number;
}

type Rule = (f: ScreeningFacts, s: EligibilitySettings) => Omit<EligibilityReason, 'rule'>[];

const when = (
  condition: boolean,
  code: EligibilityReasonCode,
  severity: ReasonSeverity,
  message: string,
): Omit<EligibilityReason, 'rule'>[] => (condition ? [{ code, severity, message }] : []);

const C = EligibilityReasonCode;

/** §2.2 rows marked Absolute (label / Spravato label; aneurysm and ICH treated as absolute by convention). */
export const absoluteContraindications: Rule = (f) => [
  ...when(
    f.ketamineHypersensitivity,
    C.KETAMINE_HYPERSENSITIVITY,
    'absolute',
    'Hypersensitivity or prior serious reaction to ketamine or esketamine',
  ),
  ...when(
    f.cardiac.bloodPressureRiseHazard,
    C.HYPERTENSION_HAZARD,
    'absolute',
    'A condition where a significant rise in blood pressure would be a serious hazard',
  ),
  ...when(
    f.cardiac.aneurysmalVascularDisease,
    C.ANEURYSMAL_VASCULAR_DISEASE,
    'absolute',
    'Aneurysmal vascular disease or arteriovenous malformation',
  ),
  ...when(
    f.other.intracerebralHaemorrhageHistory,
    C.INTRACEREBRAL_HAEMORRHAGE,
    'absolute',
    'History of intracerebral haemorrhage',
  ),
  ...when(
    f.cardiac.unstableCardiovascularDisease,
    C.UNSTABLE_CARDIOVASCULAR_DISEASE,
    'absolute',
    'Poorly controlled or unstable cardiovascular disease (absolute while unstable)',
  ),
];

/** §2.2 rows marked Exclude: pregnancy, breastfeeding, active psychosis or mania. */
export const exclusionCriteria: Rule = (f) => [
  ...when(f.pregnant, C.PREGNANCY, 'exclusion', 'Pregnancy excludes ketamine treatment'),
  ...when(
    f.breastfeeding,
    C.BREASTFEEDING,
    'exclusion',
    'Breastfeeding excludes ketamine treatment',
  ),
  ...when(
    f.psychiatric.activePsychosis,
    C.ACTIVE_PSYCHOSIS,
    'exclusion',
    'Active psychosis excludes ketamine treatment',
  ),
  ...when(
    f.psychiatric.activeMania,
    C.ACTIVE_MANIA,
    'exclusion',
    'Active mania excludes ketamine treatment',
  ),
];

/** The reading eligibility judges: the re-check after rest when there is one (§2.3), else the first. */
export function decisionBloodPressure(
  f: Pick<ScreeningFacts, 'systolicBp' | 'diastolicBp' | 'bloodPressureRecheck'>,
): {
  source: DecisionBloodPressure;
  reading: BloodPressureReading;
} {
  return f.bloodPressureRecheck
    ? { source: 'recheck', reading: f.bloodPressureRecheck }
    : { source: 'initial', reading: { systolic: f.systolicBp, diastolic: f.diastolicBp } };
}

/**
 * §2.2 "Uncontrolled hypertension: hold until controlled" with the §2.3 pre-dose hold thresholds,
 * judged on the re-check after rest when one was taken ("allow a re-check ... before holding").
 */
export const bloodPressureHold: Rule = (f, s) => {
  const { source, reading } = decisionBloodPressure(f);
  const threshold = `${s.preDoseHoldSystolic}/${s.preDoseHoldDiastolic}`;
  return when(
    bloodPressureAboveHold(reading, s),
    C.UNCONTROLLED_HYPERTENSION,
    'exclusion',
    source === 'recheck'
      ? `Blood pressure is still above the clinic's hold threshold (${threshold}) at the re-check after rest; screen again once controlled`
      : `Blood pressure at screening is above the clinic's hold threshold (${threshold}); re-check after rest, or screen again once controlled`,
  );
};

/**
 * Heart rate at screening outside the clinic's pre-dose range (§2.3 rule suggestions; convention):
 * not a contraindication of its own, so a clinician reviews it.
 */
export const heartRateRange: Rule = (f, s) =>
  when(
    f.heartRate < s.preDoseMinHeartRate || f.heartRate > s.preDoseMaxHeartRate,
    C.HEART_RATE_OUT_OF_RANGE,
    'relative',
    `Heart rate at screening is outside the clinic's range (${s.preDoseMinHeartRate}-${s.preDoseMaxHeartRate}/min)`,
  );

/** §2.2 "Age: adult-only by default" (clinic setting minimumPatientAgeYears). */
export const minimumAge: Rule = (f, s) =>
  when(
    f.ageYears < s.minimumPatientAgeYears,
    C.UNDER_MINIMUM_AGE,
    'exclusion',
    `The patient is younger than the clinic's minimum age (${s.minimumPatientAgeYears})`,
  );

/** §2.2 rows marked Relative: a clinician decides. */
export const relativeContraindications: Rule = (f, s) => [
  ...when(
    f.psychiatric.psychoticDisorderHistory,
    C.PSYCHOTIC_DISORDER_HISTORY,
    'relative',
    'History of a primary psychotic disorder',
  ),
  ...when(
    f.psychiatric.substanceUseDisorder === 'active',
    C.ACTIVE_SUBSTANCE_USE_DISORDER,
    'relative',
    'Active substance use disorder',
  ),
  ...when(
    f.other.raisedIntracranialPressure,
    C.RAISED_INTRACRANIAL_PRESSURE,
    'relative',
    'Elevated intracranial pressure',
  ),
  ...when(
    f.other.raisedIntraocularPressure,
    C.RAISED_INTRAOCULAR_PRESSURE,
    'relative',
    'Elevated intraocular pressure or glaucoma',
  ),
  ...when(
    f.other.severeHepaticImpairment,
    C.SEVERE_HEPATIC_IMPAIRMENT,
    'relative',
    'Severe hepatic impairment (avoid)',
  ),
  ...when(
    f.thyroidStatus === 'hyperthyroid_untreated',
    C.UNTREATED_HYPERTHYROIDISM,
    'relative',
    'Untreated hyperthyroidism',
  ),
  ...when(
    f.psychiatric.bipolarDisorder && !f.psychiatric.onMoodStabiliser,
    C.BIPOLAR_WITHOUT_MOOD_STABILISER,
    'relative',
    'Bipolar disorder without a mood stabiliser',
  ),
  ...when(
    f.benzodiazepineLorazepamEqMgPerDay !== null &&
      f.benzodiazepineLorazepamEqMgPerDay > s.highDoseBenzodiazepineMgPerDay,
    C.HIGH_DOSE_BENZODIAZEPINES,
    'relative',
    `Benzodiazepines above ${s.highDoseBenzodiazepineMgPerDay} mg/day lorazepam-equivalent`,
  ),
];

const CLASS_NAMES: Record<MedicationClass, string> = {
  maoi: 'MAOI',
  psychostimulant: 'psychostimulant',
  sedative_hypnotic: 'sedative-hypnotic',
  opioid: 'opioid',
  benzodiazepine: 'benzodiazepine',
};

/** §2.2 "Flag (blood pressure / sedation)": a clinician reviews; the message names the classes. */
export const interactingMedications: Rule = (f) => {
  const classes = INTERACTING_CLASSES.filter((c) =>
    f.currentMedications.some((m) => m.drugClass === c),
  );
  return when(
    classes.length > 0,
    C.INTERACTING_MEDICATION,
    'relative',
    `Interacting medication (blood pressure / sedation): ${classes.map((c) => CLASS_NAMES[c]).join(', ')}`,
  );
};

/** §2.1: adequate (≥ trdMinTrialWeeks) trials without adequate response in the current episode. */
export function countAdequateFailedTrials(
  trials: ScreeningFacts['antidepressantTrials'],
  minWeeks: number,
): number {
  return trials.filter(
    (t) =>
      t.currentEpisode &&
      t.weeks >= minWeeks &&
      (t.outcome === 'no_response' || t.outcome === 'partial_response'),
  ).length;
}

/** §2.1: only matters when treating treatment-resistant depression; "do not hard-block" → relative. */
export const treatmentResistance: Rule = (f, s) =>
  when(
    f.primaryIndication === 'treatment_resistant_depression' &&
      countAdequateFailedTrials(f.antidepressantTrials, s.trdMinTrialWeeks) < s.trdMinFailedTrials,
    C.TRD_CRITERIA_NOT_MET,
    'relative',
    `Fewer than ${s.trdMinFailedTrials} adequate (≥ ${s.trdMinTrialWeeks} weeks) failed antidepressant trials in the current episode`,
  );

/** The most recent baseline PHQ-9 (by takenAt; one without takenAt was taken at the screening). */
export function latestBaselinePhq9(scores: ScreeningFacts['baselineScores']): number | null {
  const phq9 = scores
    .map((s, i) => ({ ...s, i }))
    .filter((s) => s.instrument === 'phq9')
    .sort(
      (a, b) =>
        (a.takenAt ? Date.parse(a.takenAt) : Infinity) -
          (b.takenAt ? Date.parse(b.takenAt) : Infinity) || a.i - b.i,
    );
  return phq9[phq9.length - 1]?.score ?? null;
}

/** §2.1: clinics confirm moderate-or-worse severity (PHQ-9 ≥ 10) for TRD; only judged when a PHQ-9 is given. */
export const severityConfirmation: Rule = (f, s) => {
  const phq9 = latestBaselinePhq9(f.baselineScores);
  return when(
    f.primaryIndication === 'treatment_resistant_depression' &&
      phq9 !== null &&
      phq9 < s.trdMinBaselinePhq9,
    C.SEVERITY_BELOW_MODERATE,
    'relative',
    `Baseline PHQ-9 ${phq9 ?? ''} is below the clinic's moderate-severity threshold (${s.trdMinBaselinePhq9})`,
  );
};

export const RULES: Record<string, Rule> = {
  'absolute-contraindications': absoluteContraindications,
  'exclusion-criteria': exclusionCriteria,
  'blood-pressure-hold': bloodPressureHold,
  'heart-rate-range': heartRateRange,
  'minimum-age': minimumAge,
  'relative-contraindications': relativeContraindications,
  'interacting-medications': interactingMedications,
  'treatment-resistance': treatmentResistance,
  'severity-confirmation': severityConfirmation,
};

export interface EligibilityResult {
  decision: EligibilityDecision;
  reasons: EligibilityReason[];
}

/** Any absolute or exclusion reason → ineligible; else any relative → needs_clinician_review; else eligible. */
export function assessEligibility(
  facts: ScreeningFacts,
  settings: EligibilitySettings,
): EligibilityResult {
  const reasons = Object.entries(RULES).flatMap(([rule, fn]) =>
    fn(facts, settings).map((r) => ({ ...r, rule })),
  );
  const decision: EligibilityDecision = reasons.some((r) => r.severity !== 'relative')
    ? 'ineligible'
    : reasons.length > 0
      ? 'needs_clinician_review'
      : 'eligible';
  return { decision, reasons };
}

export interface SignCheck {
  check: string;
  message: string;
  overridable: boolean;
}

/**
 * Whether a clinician may override (clear) the reasons of a screening: relative ones only.
 * Returns the checks that refuse; empty means the override stands.
 */
export function overrideRefusals(reasons: EligibilityReason[]): SignCheck[] {
  return reasons
    .filter((r) => r.severity !== 'relative')
    .map((r) => ({
      check: r.code,
      message: `${r.message}: ${r.severity === 'absolute' ? 'an absolute contraindication' : 'an exclusion'} cannot be overridden`,
      overridable: false,
    }));
}

/** Whole years between a date of birth (YYYY-MM-DD) and an instant, by the calendar. */
export function ageInYears(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const years = at.getUTCFullYear() - y;
  const beforeBirthday =
    at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  return beforeBirthday ? years - 1 : years;
}

/** A signed decision lets a plan activate when eligible, or when relative reasons were overridden. */
export function permitsTreatment(decision: EligibilityDecision, overridden: boolean): boolean {
  return decision === 'eligible' || (decision === 'needs_clinician_review' && overridden);
}

/**
 * A signed screening supports treatment for screeningValidityDays from when its facts were taken
 * (the earlier of screening and signing: facts do not get younger by being signed later).
 */
export function screeningValidUntil(screenedAt: Date, signedAt: Date, validityDays: number): Date {
  const from = Math.min(screenedAt.getTime(), signedAt.getTime());
  return new Date(from + validityDays * 24 * 60 * 60 * 1000);
}
