import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, Max, Min } from 'class-validator';
import { OptionalNotNull } from 'src/common/validation/optional-not-null';

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
}

export const CLINIC_SETTING_DEFAULTS: Readonly<ClinicSettings> = Object.freeze({
  screeningValidityDays: 90,
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
});

/** Stored settings override the defaults key by key; keys added later get their default. */
export function effectiveSettings(
  stored: Partial<ClinicSettings> | null | undefined,
): ClinicSettings {
  return { ...CLINIC_SETTING_DEFAULTS, ...(stored ?? {}) };
}

// Validation and its OpenAPI description in one place, since the plugin cannot see through helpers.
/** Pairs of settings whose order is a safety property: the first must stay below the second. */
type NumericSetting = {
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
];

/** Contradictions in a complete set of settings, as field errors (empty when consistent). */
export function settingsContradictions(
  settings: ClinicSettings,
): { field: string; message: string }[] {
  return ORDERED_PAIRS.filter(([low, high]) =>
    low === 'spo2StopBelow' ? settings[low] > settings[high] : settings[low] >= settings[high],
  ).map(([low, high, message]) => ({
    field: low,
    message: `${message} (${low} ${String(settings[low])}, ${high} ${String(settings[high])})`,
  }));
}

const int = (min: number, max: number) => [
  ApiProperty({ type: 'integer', minimum: min, maximum: max, required: false }),
  OptionalNotNull(),
  IsInt(),
  Min(min),
  Max(max),
];
const num = (min: number, max: number) => [
  ApiProperty({ type: 'number', minimum: min, maximum: max, required: false }),
  OptionalNotNull(),
  IsNumber({ maxDecimalPlaces: 3 }),
  Min(min),
  Max(max),
];
function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** Any subset of the settings; omitted ones keep their current value. */
export class UpdateClinicSettingsDto implements Partial<ClinicSettings> {
  @apply(int(1, 365)) screeningValidityDays?: number;
  @apply(int(80, 250)) preDoseHoldSystolic?: number;
  @apply(int(40, 150)) preDoseHoldDiastolic?: number;
  @apply(int(20, 120)) preDoseMinHeartRate?: number;
  @apply(int(60, 200)) preDoseMaxHeartRate?: number;
  @apply(int(70, 100)) preDoseMinSpo2?: number;
  @apply(int(80, 250)) intraAlertSystolic?: number;
  @apply(int(80, 260)) intraStopSystolic?: number;
  @apply(int(40, 160)) intraStopDiastolic?: number;
  @apply(int(60, 220)) intraStopHeartRate?: number;
  @apply(int(70, 100)) spo2AlertBelow?: number;
  @apply(int(70, 100)) spo2StopBelow?: number;
  @apply(int(5, 240)) preInfusionVitalsMaxAgeMinutes?: number;
  @apply(int(1, 365)) weightMaxAgeDays?: number;
  @apply(num(0.05, 5)) maxDoseMgPerKg?: number;
  @apply(int(1, 30)) inductionPlannedInfusions?: number;
  @apply(int(1, 120)) inductionWindowDays?: number;
  @apply(int(0, 24 * 14)) minHoursBetweenInfusions?: number;
  @apply(int(1, 60)) monitoringIntervalMinutes?: number;
  @apply(int(1, 120)) recoveryMonitoringIntervalMinutes?: number;
  @apply(int(0, 480)) minRecoveryMinutes?: number;
  @apply(int(70, 100)) dischargeMinSpo2?: number;
  @apply(int(1, 20)) maxPatientsPerNurse?: number;

  @ApiProperty({ type: [Number], required: false, example: [1, 7] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @Type(() => Number)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(365, { each: true })
  followUpDaysAfterSession?: number[];

  @apply(int(0, 120)) minimumPatientAgeYears?: number;
  @apply(int(0, 480)) bookedRecoveryMinutes?: number;
  @apply(int(1, 52)) trdMinTrialWeeks?: number;
  @apply(int(1, 10)) trdMinFailedTrials?: number;
  @apply(int(0, 27)) trdMinBaselinePhq9?: number;
  @apply(num(0.1, 50)) highDoseBenzodiazepineMgPerDay?: number;
}

/** Every setting with its effective value (stored or default). */
export class ClinicSettingsDto implements ClinicSettings {
  screeningValidityDays!: number;
  preDoseHoldSystolic!: number;
  preDoseHoldDiastolic!: number;
  preDoseMinHeartRate!: number;
  preDoseMaxHeartRate!: number;
  preDoseMinSpo2!: number;
  intraAlertSystolic!: number;
  intraStopSystolic!: number;
  intraStopDiastolic!: number;
  intraStopHeartRate!: number;
  spo2AlertBelow!: number;
  spo2StopBelow!: number;
  preInfusionVitalsMaxAgeMinutes!: number;
  weightMaxAgeDays!: number;
  maxDoseMgPerKg!: number;
  inductionPlannedInfusions!: number;
  inductionWindowDays!: number;
  minHoursBetweenInfusions!: number;
  monitoringIntervalMinutes!: number;
  recoveryMonitoringIntervalMinutes!: number;
  minRecoveryMinutes!: number;
  dischargeMinSpo2!: number;
  maxPatientsPerNurse!: number;
  followUpDaysAfterSession!: number[];
  minimumPatientAgeYears!: number;
  bookedRecoveryMinutes!: number;
  trdMinTrialWeeks!: number;
  trdMinFailedTrials!: number;
  trdMinBaselinePhq9!: number;
  highDoseBenzodiazepineMgPerDay!: number;
}

/** The effective settings with the clinic record's version: send it back as If-Match on PATCH. */
export class ClinicSettingsResponseDto extends ClinicSettingsDto {
  /** The clinic's version (the ETag); settings changes increment it. */
  version!: number;
}
