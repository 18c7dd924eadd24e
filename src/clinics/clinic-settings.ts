// No Nest imports: pure rule code loads this file; the DTOs are in clinic-settings.dto.ts.
import { CredentialKind } from 'src/common/domain/credential-kind';

/**
 * Per-clinic clinical and operational settings. Every default is a practice convention from
 * ../shared/domain/ketamine-clinic.md (section in brackets), not a standard: clinics change them.
 */
export interface ClinicSettings {
  /** A signed screening stays valid for plan activation and infusion this many days [issue 3]. */
  screeningValidityDays: number;
  /** Pre-dose hold: no infusion that day above these [2.3: 140/90, alt 160/100]. */
  preDoseHoldSystolic: number;
  preDoseHoldDiastolic: number;
  /**
   * A screening blood pressure above the hold may be re-measured once, at least `min` minutes
   * (of rest) and at most `max` minutes after the first reading [2.3: "allow a re-check after 5 to
   * 10 min of rest before holding"; the 30-minute bound is a convention: the same visit].
   */
  bpRecheckMinRestMinutes: number;
  bpRecheckMaxMinutes: number;
  /** Pre-dose heart rate outside [min, max] holds [convention]. */
  preDoseMinHeartRate: number;
  preDoseMaxHeartRate: number;
  /** Pre-dose SpO2 below this holds [2.3: SpO2 alert <92%]. */
  preDoseMinSpo2: number;
  /** During infusion: alert at systolic ≥ 160, stop at ≥ 180/110 or HR ≥ 120 [2.3]. */
  intraAlertSystolic: number;
  intraStopSystolic: number;
  intraStopDiastolic: number;
  intraStopHeartRate: number;
  /** SpO2 alert below 92 %, stop below 90 % [2.3, sedation practice]. */
  spo2AlertBelow: number;
  spo2StopBelow: number;
  /** Pre-infusion vitals must be this recent [issue 4: 30 minutes]. */
  preInfusionVitalsMaxAgeMinutes: number;
  /** Weight used for dosing must be this recent [1.1, convention]. */
  weightMaxAgeDays: number;
  /** Clinic-wide dose ceiling in mg/kg [1.1: suggested default 1.0]. */
  maxDoseMgPerKg: number;
  /** Induction defaults for new plans [1.2: 6 infusions in 14–21 days, ≥ 24 h apart]. */
  inductionPlannedInfusions: number;
  inductionWindowDays: number;
  minHoursBetweenInfusions: number;
  /** Vitals every N minutes while infusing, every M in recovery [3.2: 10 and 15]. */
  monitoringIntervalMinutes: number;
  recoveryMonitoringIntervalMinutes: number;
  /** Minimum recovery after the infusion ends before discharge [4.1: 30 minutes]. */
  minRecoveryMinutes: number;
  /** Discharge needs SpO2 at least this on room air [4.1: 94 %]. */
  dischargeMinSpo2: number;
  /** How many infusing patients one nurse may monitor at once [3.3: no published standard]. */
  maxPatientsPerNurse: number;
  /** Automatic follow-ups, in days after discharge [issue 5: next day and one week]. */
  followUpDaysAfterSession: number[];
  /** Adults only by default [2.2: age]. */
  minimumPatientAgeYears: number;
  /** Recovery time booked after the infusion (chair time = infusion + this) [1.2: 30 to 60 min]. */
  bookedRecoveryMinutes: number;
  /** An antidepressant trial counts as adequate after this many weeks [2.1: 4 to 6, convention]. */
  trdMinTrialWeeks: number;
  /** Adequate failed trials in the current episode that make depression treatment-resistant [2.1: ≥ 2]. */
  trdMinFailedTrials: number;
  /** For TRD, a baseline PHQ-9 below this is reviewed as not moderate-or-worse [2.1: PHQ-9 ≥ 10]. */
  trdMinBaselinePhq9: number;
  /** Benzodiazepine dose (mg/day lorazepam-equivalent) above which it is "high-dose" [2.2: > 3]. */
  highDoseBenzodiazepineMgPerDay: number;
  /**
   * Check-in and start may happen from this many minutes before the booked start to this many
   * after it; outside, a clinician overrides with a reason [issue 9: a booking is for its time].
   */
  sessionStartEarlyMinutes: number;
  sessionStartLateMinutes: number;
  /**
   * Pump rates and deliveries faster than this (mg/kg/h) are refused [1.1: 0.5–1 mg/kg over 40–60
   * min; 2 = the clinic maximum dose, 1.0 mg/kg, over 75 % of 40 minutes].
   */
  maxInfusionRateMgPerKgPerHour: number;
  /** An infusion shorter than this share of the protocol's minutes is an early stop [1.1: 40 min standard]. */
  minInfusionDurationPercent: number;
  /** A draw may exceed the planned dose by at most this many mg, the rest wasted and witnessed. */
  drawWasteMarginMg: number;
  /**
   * 0: only a clinician discharges (§4.1 ends with clinician sign-off; a nurse prepares it).
   * Above 0: a nurse may discharge and a clinician co-signs within this many hours.
   */
  dischargeCosignWindowHours: number;
  /** An action stated as more than this many minutes ago is a late entry and needs a reason [issue 9]. */
  lateEntryAfterMinutes: number;
  /** Late entries may go back at most this many hours [issue 9: e.g. 72 h]. */
  lateEntryWindowHours: number;
  /** Credentials the nurse of an infusion holds, valid on the session's date [3.3: convention]. */
  infusionNurseRequiredCredentials: CredentialKind[];
  /** Credentials the supervising clinician holds [3.3: ACLS-certified medical supervision]. */
  supervisingClinicianRequiredCredentials: CredentialKind[];
}

export const CLINIC_SETTING_DEFAULTS: Readonly<ClinicSettings> = Object.freeze({
  screeningValidityDays: 90,
  preDoseHoldSystolic: 140,
  preDoseHoldDiastolic: 90,
  bpRecheckMinRestMinutes: 5,
  bpRecheckMaxMinutes: 30,
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
  maxDoseMgPerKg: 1.0,
  inductionPlannedInfusions: 6,
  inductionWindowDays: 21,
  minHoursBetweenInfusions: 24,
  monitoringIntervalMinutes: 10,
  recoveryMonitoringIntervalMinutes: 15,
  minRecoveryMinutes: 30,
  dischargeMinSpo2: 94,
  maxPatientsPerNurse: 2,
  followUpDaysAfterSession: [1, 7],
  minimumPatientAgeYears: 18,
  bookedRecoveryMinutes: 60,
  trdMinTrialWeeks: 6,
  trdMinFailedTrials: 2,
  trdMinBaselinePhq9: 10,
  highDoseBenzodiazepineMgPerDay: 3,
  sessionStartEarlyMinutes: 60,
  sessionStartLateMinutes: 120,
  maxInfusionRateMgPerKgPerHour: 2,
  minInfusionDurationPercent: 75,
  drawWasteMarginMg: 50,
  dischargeCosignWindowHours: 0,
  lateEntryAfterMinutes: 15,
  lateEntryWindowHours: 72,
  infusionNurseRequiredCredentials: [CredentialKind.BLS],
  supervisingClinicianRequiredCredentials: [CredentialKind.ACLS],
});

/** Stored settings override the defaults key by key; keys added later get their default. */
export function effectiveSettings(
  stored: Partial<ClinicSettings> | null | undefined,
): ClinicSettings {
  return { ...CLINIC_SETTING_DEFAULTS, ...(stored ?? {}) };
}

/** Pairs of settings whose order is a safety property: the first must stay below the second. */
export type NumericSetting = {
  [K in keyof ClinicSettings]: ClinicSettings[K] extends number ? K : never;
}[keyof ClinicSettings];
const ORDERED_PAIRS: [NumericSetting, NumericSetting, string][] = [
  [
    'spo2StopBelow',
    'spo2AlertBelow',
    'the SpO2 stop threshold must not be above the alert threshold',
  ],
  [
    'preDoseMinHeartRate',
    'preDoseMaxHeartRate',
    'the pre-dose heart-rate minimum must be below the maximum',
  ],
  [
    'intraAlertSystolic',
    'intraStopSystolic',
    'the intra-infusion systolic alert must be below the stop threshold',
  ],
  [
    'preDoseHoldDiastolic',
    'preDoseHoldSystolic',
    'the diastolic hold must be below the systolic hold',
  ],
  ['intraStopDiastolic', 'intraStopSystolic', 'the diastolic stop must be below the systolic stop'],
  [
    'bpRecheckMinRestMinutes',
    'bpRecheckMaxMinutes',
    'the blood-pressure re-check minimum rest must be below its maximum delay',
  ],
];

/** Contradictions in a complete set of settings, as field errors (empty when consistent). */
export function settingsContradictions(
  settings: ClinicSettings,
): { field: string; message: string }[] {
  // A late entry starts after lateEntryAfterMinutes and may go back lateEntryWindowHours: the
  // window must reach past the threshold, or some past times could be entered neither way.
  const lateEntry =
    settings.lateEntryWindowHours * 60 > settings.lateEntryAfterMinutes
      ? []
      : [
          {
            field: 'lateEntryAfterMinutes',
            message: `the late-entry threshold must be shorter than the late-entry window (lateEntryAfterMinutes ${settings.lateEntryAfterMinutes}, lateEntryWindowHours ${settings.lateEntryWindowHours})`,
          },
        ];
  return [...lateEntry, ...orderedContradictions(settings)];
}

function orderedContradictions(settings: ClinicSettings): { field: string; message: string }[] {
  return ORDERED_PAIRS.filter(([low, high]) =>
    low === 'spo2StopBelow' ? settings[low] > settings[high] : settings[low] >= settings[high],
  ).map(([low, high, message]) => ({
    field: low,
    message: `${message} (${low} ${String(settings[low])}, ${high} ${String(settings[high])})`,
  }));
}
