import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsNumber,
  Max,
  Min,
} from 'class-validator';
import {
  CLINIC_SETTING_DEFAULTS,
  ClinicSettings,
  NumericSetting,
} from 'src/clinics/clinic-settings';
import { CREDENTIAL_KINDS, CredentialKind } from 'src/common/domain/credential-kind';
import { OptionalNotNull } from 'src/common/validation/optional-not-null';

interface NumericSettingDoc {
  type: 'integer' | 'number';
  minimum: number;
  maximum: number;
  description: string;
}

/**
 * Each numeric setting's accepted range and meaning (§ = shared/domain/ketamine-clinic.md). The
 * defaults are CLINIC_SETTING_DEFAULTS; validation and the OpenAPI schema both come from here.
 */
const NUMERIC_SETTINGS: Record<NumericSetting, NumericSettingDoc> = {
  screeningValidityDays: {
    type: 'integer',
    minimum: 1,
    maximum: 365,
    description: 'Days a signed screening stays valid for plan activation and infusion.',
  },
  preDoseHoldSystolic: {
    type: 'integer',
    minimum: 80,
    maximum: 250,
    description: 'Pre-dose systolic (mmHg) above which no infusion that day (§2.3).',
  },
  preDoseHoldDiastolic: {
    type: 'integer',
    minimum: 40,
    maximum: 150,
    description: 'Pre-dose diastolic (mmHg) above which no infusion that day (§2.3).',
  },
  bpRecheckMinRestMinutes: {
    type: 'integer',
    minimum: 1,
    maximum: 60,
    description:
      'A screening blood pressure above the hold may be re-checked once after at least this many minutes of rest (§2.3: re-check after 5 to 10 min of rest); below bpRecheckMaxMinutes.',
  },
  bpRecheckMaxMinutes: {
    type: 'integer',
    minimum: 2,
    maximum: 120,
    description:
      'The screening blood-pressure re-check must be taken at most this many minutes after the first reading, so it describes the same visit (§2.3 says 5 to 10 min of rest; 30 by convention).',
  },
  preDoseMinHeartRate: {
    type: 'integer',
    minimum: 20,
    maximum: 120,
    description: 'Pre-dose heart rate (bpm) below which the infusion is held.',
  },
  preDoseMaxHeartRate: {
    type: 'integer',
    minimum: 60,
    maximum: 200,
    description: 'Pre-dose heart rate (bpm) above which the infusion is held.',
  },
  preDoseMinSpo2: {
    type: 'integer',
    minimum: 70,
    maximum: 100,
    description: 'Pre-dose SpO2 (%) below which the infusion is held (§2.3).',
  },
  intraAlertSystolic: {
    type: 'integer',
    minimum: 80,
    maximum: 250,
    description: 'During infusion: systolic (mmHg) at or above which staff are alerted (§2.3).',
  },
  intraStopSystolic: {
    type: 'integer',
    minimum: 80,
    maximum: 260,
    description: 'During infusion: systolic (mmHg) at or above which the infusion stops (§2.3).',
  },
  intraStopDiastolic: {
    type: 'integer',
    minimum: 40,
    maximum: 160,
    description: 'During infusion: diastolic (mmHg) at or above which the infusion stops (§2.3).',
  },
  intraStopHeartRate: {
    type: 'integer',
    minimum: 60,
    maximum: 220,
    description: 'During infusion: heart rate (bpm) at or above which the infusion stops (§2.3).',
  },
  spo2AlertBelow: {
    type: 'integer',
    minimum: 70,
    maximum: 100,
    description: 'SpO2 (%) below which staff are alerted (§2.3).',
  },
  spo2StopBelow: {
    type: 'integer',
    minimum: 70,
    maximum: 100,
    description: 'SpO2 (%) below which the infusion stops; not above spo2AlertBelow (§2.3).',
  },
  preInfusionVitalsMaxAgeMinutes: {
    type: 'integer',
    minimum: 5,
    maximum: 240,
    description: 'Pre-infusion vitals must be at most this many minutes old.',
  },
  weightMaxAgeDays: {
    type: 'integer',
    minimum: 1,
    maximum: 365,
    description: 'The weight used for dosing must be at most this many days old (§1.1).',
  },
  maxDoseMgPerKg: {
    type: 'number',
    minimum: 0.05,
    maximum: 5,
    description: 'Clinic-wide dose ceiling in mg/kg (§1.1).',
  },
  inductionPlannedInfusions: {
    type: 'integer',
    minimum: 1,
    maximum: 30,
    description: 'Induction infusions planned by default for new plans (§1.2).',
  },
  inductionWindowDays: {
    type: 'integer',
    minimum: 1,
    maximum: 120,
    description: 'Days the induction series should fit in (§1.2).',
  },
  minHoursBetweenInfusions: {
    type: 'integer',
    minimum: 0,
    maximum: 24 * 14,
    description: 'Minimum hours between two infusions of a patient (§1.2).',
  },
  monitoringIntervalMinutes: {
    type: 'integer',
    minimum: 1,
    maximum: 60,
    description: 'Vitals are due every this many minutes while infusing (§3.2).',
  },
  recoveryMonitoringIntervalMinutes: {
    type: 'integer',
    minimum: 1,
    maximum: 120,
    description: 'Vitals are due every this many minutes in recovery (§3.2).',
  },
  minRecoveryMinutes: {
    type: 'integer',
    minimum: 0,
    maximum: 480,
    description: 'Minimum recovery minutes after the infusion ends before discharge (§4.1).',
  },
  dischargeMinSpo2: {
    type: 'integer',
    minimum: 70,
    maximum: 100,
    description: 'Discharge needs SpO2 (%) at least this on room air (§4.1).',
  },
  maxPatientsPerNurse: {
    type: 'integer',
    minimum: 1,
    maximum: 20,
    description: 'Infusing patients one nurse may monitor at once (§3.3).',
  },
  minimumPatientAgeYears: {
    type: 'integer',
    minimum: 0,
    maximum: 120,
    description: 'Minimum patient age in years at screening (§2.2).',
  },
  bookedRecoveryMinutes: {
    type: 'integer',
    minimum: 0,
    maximum: 480,
    description: 'Recovery minutes booked after the infusion: chair time = infusion + this (§1.2).',
  },
  trdMinTrialWeeks: {
    type: 'integer',
    minimum: 1,
    maximum: 52,
    description: 'Weeks after which an antidepressant trial counts as adequate (§2.1).',
  },
  trdMinFailedTrials: {
    type: 'integer',
    minimum: 1,
    maximum: 10,
    description: 'Adequate failed trials that make depression treatment-resistant (§2.1).',
  },
  trdMinBaselinePhq9: {
    type: 'integer',
    minimum: 0,
    maximum: 27,
    description:
      'For treatment-resistant depression, a baseline PHQ-9 below this needs clinician review (§2.1: moderate or worse).',
  },
  highDoseBenzodiazepineMgPerDay: {
    type: 'number',
    minimum: 0.1,
    maximum: 50,
    description: 'Lorazepam-equivalent mg/day above which a benzodiazepine dose is high (§2.2).',
  },
  sessionStartEarlyMinutes: {
    type: 'integer',
    minimum: 0,
    maximum: 24 * 60,
    description:
      'Check-in and start may happen at most this many minutes before the booked start; earlier needs a clinician override (SESSION_OUTSIDE_START_WINDOW).',
  },
  sessionStartLateMinutes: {
    type: 'integer',
    minimum: 0,
    maximum: 24 * 60,
    description:
      'Check-in and start may happen at most this many minutes after the booked start; later needs a clinician override (SESSION_OUTSIDE_START_WINDOW).',
  },
  maxInfusionRateMgPerKgPerHour: {
    type: 'number',
    minimum: 0.05,
    maximum: 10,
    description:
      'The pump rate at start (422 RATE_ABOVE_MAXIMUM) and, at end, the mg given per kg of dosing weight per hour actually infused (pauses excluded, unless recorded as an early stop) may not exceed this (§1.1: 0.5 mg/kg over 40 min is 0.75 mg/kg/h; the default 2 is 1.0 mg/kg over 30 minutes).',
  },
  minInfusionDurationPercent: {
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description:
      'At end, an infusion shorter than this percentage of the protocol’s infusion minutes must be recorded as an early stop (§1.1).',
  },
  drawWasteMarginMg: {
    type: 'number',
    minimum: 0,
    maximum: 500,
    description:
      'At start, the mg drawn may exceed the planned dose by at most this (e.g. the rest of a vial, wasted and witnessed at end).',
  },
  dischargeCosignWindowHours: {
    type: 'integer',
    minimum: 0,
    maximum: 72,
    description:
      '0: only a clinician discharges; a nurse prepares the discharge (§4.1 clinician sign-off). Above 0: a nurse may discharge and a clinician co-signs within this many hours.',
  },
  lateEntryAfterMinutes: {
    type: 'integer',
    minimum: 1,
    maximum: 240,
    description:
      'An action or reading stated as having happened more than this many minutes before it is entered is a late entry and needs lateEntryReason.',
  },
  lateEntryWindowHours: {
    type: 'integer',
    minimum: 1,
    maximum: 720,
    description:
      'Late entries (care charted on paper during downtime) may go back at most this many hours.',
  },
};

const FOLLOW_UP_DAYS = { minimum: 1, maximum: 365, maxItems: 10 };
const FOLLOW_UP_DAYS_SCHEMA = {
  type: 'array' as const,
  items: { type: 'integer', minimum: FOLLOW_UP_DAYS.minimum, maximum: FOLLOW_UP_DAYS.maximum },
  maxItems: FOLLOW_UP_DAYS.maxItems,
  description: 'Automatic follow-ups, in days after discharge (each 1–365, at most 10).',
  default: [...CLINIC_SETTING_DEFAULTS.followUpDaysAfterSession],
  example: [1, 7],
};

/** Settings that list credential kinds; each kind at most once, in any order. */
type CredentialSetting =
  'infusionNurseRequiredCredentials' | 'supervisingClinicianRequiredCredentials';
const CREDENTIAL_SETTINGS: Record<
  CredentialSetting,
  { description: string; example: CredentialKind[] }
> = {
  infusionNurseRequiredCredentials: {
    description:
      'Credentials the nurse of an infusion must hold, valid on the session’s date; checked at booking and at start (§3.3). Empty: none.',
    example: [CredentialKind.BLS, CredentialKind.RN_LICENCE],
  },
  supervisingClinicianRequiredCredentials: {
    description:
      'Credentials the supervising clinician must hold, valid on the day, checked at start (§3.3: ACLS-certified medical supervision). All of them, held by one clinician. Empty: none.',
    example: [CredentialKind.ACLS],
  },
};

function credentialSchemaOf(key: CredentialSetting) {
  return {
    enum: CredentialKind,
    enumName: 'CredentialKind',
    isArray: true,
    uniqueItems: true,
    maxItems: CREDENTIAL_KINDS.length,
    ...CREDENTIAL_SETTINGS[key],
    default: [...CLINIC_SETTING_DEFAULTS[key]],
  };
}

/** A list of credential kinds in a PATCH: known kinds only, no duplicates. */
function CredentialSettingInput(key: CredentialSetting): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ ...credentialSchemaOf(key), required: false }),
    OptionalNotNull(),
    IsArray(),
    ArrayMaxSize(CREDENTIAL_KINDS.length),
    IsEnum(CredentialKind, {
      each: true,
      message: `each of ${key} must be one of ${CREDENTIAL_KINDS.join(', ')}`,
    }),
    ArrayUnique({ message: `${key} must not name a credential twice` }),
  );
}

function CredentialSettingValue(key: CredentialSetting): PropertyDecorator {
  return ApiProperty({ ...credentialSchemaOf(key), required: true });
}

function schemaOf(key: NumericSetting) {
  const { type, minimum, maximum, description } = NUMERIC_SETTINGS[key];
  return { type, minimum, maximum, description, default: CLINIC_SETTING_DEFAULTS[key] };
}

/** An optional setting in a PATCH: its range is validated and documented from NUMERIC_SETTINGS. */
function SettingInput(key: NumericSetting): PropertyDecorator {
  const { type, minimum, maximum } = NUMERIC_SETTINGS[key];
  return applyDecorators(
    ApiProperty({ ...schemaOf(key), required: false }),
    OptionalNotNull(),
    type === 'integer' ? IsInt() : IsNumber({ maxDecimalPlaces: 3 }),
    Min(minimum),
    Max(maximum),
  );
}

/** A setting's effective value in a response, documented with its default and range. */
function SettingValue(key: NumericSetting): PropertyDecorator {
  return ApiProperty({ ...schemaOf(key), required: true });
}

/** Any subset of the settings; omitted ones keep their current value. */
export class UpdateClinicSettingsDto implements Partial<ClinicSettings> {
  @SettingInput('screeningValidityDays') screeningValidityDays?: number;
  @SettingInput('preDoseHoldSystolic') preDoseHoldSystolic?: number;
  @SettingInput('preDoseHoldDiastolic') preDoseHoldDiastolic?: number;
  @SettingInput('bpRecheckMinRestMinutes') bpRecheckMinRestMinutes?: number;
  @SettingInput('bpRecheckMaxMinutes') bpRecheckMaxMinutes?: number;
  @SettingInput('preDoseMinHeartRate') preDoseMinHeartRate?: number;
  @SettingInput('preDoseMaxHeartRate') preDoseMaxHeartRate?: number;
  @SettingInput('preDoseMinSpo2') preDoseMinSpo2?: number;
  @SettingInput('intraAlertSystolic') intraAlertSystolic?: number;
  @SettingInput('intraStopSystolic') intraStopSystolic?: number;
  @SettingInput('intraStopDiastolic') intraStopDiastolic?: number;
  @SettingInput('intraStopHeartRate') intraStopHeartRate?: number;
  @SettingInput('spo2AlertBelow') spo2AlertBelow?: number;
  @SettingInput('spo2StopBelow') spo2StopBelow?: number;
  @SettingInput('preInfusionVitalsMaxAgeMinutes') preInfusionVitalsMaxAgeMinutes?: number;
  @SettingInput('weightMaxAgeDays') weightMaxAgeDays?: number;
  @SettingInput('maxDoseMgPerKg') maxDoseMgPerKg?: number;
  @SettingInput('inductionPlannedInfusions') inductionPlannedInfusions?: number;
  @SettingInput('inductionWindowDays') inductionWindowDays?: number;
  @SettingInput('minHoursBetweenInfusions') minHoursBetweenInfusions?: number;
  @SettingInput('monitoringIntervalMinutes') monitoringIntervalMinutes?: number;
  @SettingInput('recoveryMonitoringIntervalMinutes') recoveryMonitoringIntervalMinutes?: number;
  @SettingInput('minRecoveryMinutes') minRecoveryMinutes?: number;
  @SettingInput('dischargeMinSpo2') dischargeMinSpo2?: number;
  @SettingInput('maxPatientsPerNurse') maxPatientsPerNurse?: number;

  @ApiProperty({ ...FOLLOW_UP_DAYS_SCHEMA, required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(FOLLOW_UP_DAYS.maxItems)
  @Type(() => Number)
  @IsInt({ each: true })
  @Min(FOLLOW_UP_DAYS.minimum, { each: true })
  @Max(FOLLOW_UP_DAYS.maximum, { each: true })
  followUpDaysAfterSession?: number[];

  @SettingInput('minimumPatientAgeYears') minimumPatientAgeYears?: number;
  @SettingInput('bookedRecoveryMinutes') bookedRecoveryMinutes?: number;
  @SettingInput('trdMinTrialWeeks') trdMinTrialWeeks?: number;
  @SettingInput('trdMinFailedTrials') trdMinFailedTrials?: number;
  @SettingInput('trdMinBaselinePhq9') trdMinBaselinePhq9?: number;
  @SettingInput('highDoseBenzodiazepineMgPerDay') highDoseBenzodiazepineMgPerDay?: number;
  @SettingInput('sessionStartEarlyMinutes') sessionStartEarlyMinutes?: number;
  @SettingInput('sessionStartLateMinutes') sessionStartLateMinutes?: number;
  @SettingInput('maxInfusionRateMgPerKgPerHour') maxInfusionRateMgPerKgPerHour?: number;
  @SettingInput('minInfusionDurationPercent') minInfusionDurationPercent?: number;
  @SettingInput('drawWasteMarginMg') drawWasteMarginMg?: number;
  @SettingInput('dischargeCosignWindowHours') dischargeCosignWindowHours?: number;
  @SettingInput('lateEntryAfterMinutes') lateEntryAfterMinutes?: number;
  @SettingInput('lateEntryWindowHours') lateEntryWindowHours?: number;
  @CredentialSettingInput('infusionNurseRequiredCredentials')
  infusionNurseRequiredCredentials?: CredentialKind[];
  @CredentialSettingInput('supervisingClinicianRequiredCredentials')
  supervisingClinicianRequiredCredentials?: CredentialKind[];
}

/** Every setting with its effective value (stored or default). */
export class ClinicSettingsDto implements ClinicSettings {
  @SettingValue('screeningValidityDays') screeningValidityDays!: number;
  @SettingValue('preDoseHoldSystolic') preDoseHoldSystolic!: number;
  @SettingValue('preDoseHoldDiastolic') preDoseHoldDiastolic!: number;
  @SettingValue('bpRecheckMinRestMinutes') bpRecheckMinRestMinutes!: number;
  @SettingValue('bpRecheckMaxMinutes') bpRecheckMaxMinutes!: number;
  @SettingValue('preDoseMinHeartRate') preDoseMinHeartRate!: number;
  @SettingValue('preDoseMaxHeartRate') preDoseMaxHeartRate!: number;
  @SettingValue('preDoseMinSpo2') preDoseMinSpo2!: number;
  @SettingValue('intraAlertSystolic') intraAlertSystolic!: number;
  @SettingValue('intraStopSystolic') intraStopSystolic!: number;
  @SettingValue('intraStopDiastolic') intraStopDiastolic!: number;
  @SettingValue('intraStopHeartRate') intraStopHeartRate!: number;
  @SettingValue('spo2AlertBelow') spo2AlertBelow!: number;
  @SettingValue('spo2StopBelow') spo2StopBelow!: number;
  @SettingValue('preInfusionVitalsMaxAgeMinutes') preInfusionVitalsMaxAgeMinutes!: number;
  @SettingValue('weightMaxAgeDays') weightMaxAgeDays!: number;
  @SettingValue('maxDoseMgPerKg') maxDoseMgPerKg!: number;
  @SettingValue('inductionPlannedInfusions') inductionPlannedInfusions!: number;
  @SettingValue('inductionWindowDays') inductionWindowDays!: number;
  @SettingValue('minHoursBetweenInfusions') minHoursBetweenInfusions!: number;
  @SettingValue('monitoringIntervalMinutes') monitoringIntervalMinutes!: number;
  @SettingValue('recoveryMonitoringIntervalMinutes') recoveryMonitoringIntervalMinutes!: number;
  @SettingValue('minRecoveryMinutes') minRecoveryMinutes!: number;
  @SettingValue('dischargeMinSpo2') dischargeMinSpo2!: number;
  @SettingValue('maxPatientsPerNurse') maxPatientsPerNurse!: number;

  @ApiProperty({ ...FOLLOW_UP_DAYS_SCHEMA, required: true })
  followUpDaysAfterSession!: number[];

  @SettingValue('minimumPatientAgeYears') minimumPatientAgeYears!: number;
  @SettingValue('bookedRecoveryMinutes') bookedRecoveryMinutes!: number;
  @SettingValue('trdMinTrialWeeks') trdMinTrialWeeks!: number;
  @SettingValue('trdMinFailedTrials') trdMinFailedTrials!: number;
  @SettingValue('trdMinBaselinePhq9') trdMinBaselinePhq9!: number;
  @SettingValue('highDoseBenzodiazepineMgPerDay') highDoseBenzodiazepineMgPerDay!: number;
  @SettingValue('sessionStartEarlyMinutes') sessionStartEarlyMinutes!: number;
  @SettingValue('sessionStartLateMinutes') sessionStartLateMinutes!: number;
  @SettingValue('maxInfusionRateMgPerKgPerHour') maxInfusionRateMgPerKgPerHour!: number;
  @SettingValue('minInfusionDurationPercent') minInfusionDurationPercent!: number;
  @SettingValue('drawWasteMarginMg') drawWasteMarginMg!: number;
  @SettingValue('dischargeCosignWindowHours') dischargeCosignWindowHours!: number;
  @SettingValue('lateEntryAfterMinutes') lateEntryAfterMinutes!: number;
  @SettingValue('lateEntryWindowHours') lateEntryWindowHours!: number;
  @CredentialSettingValue('infusionNurseRequiredCredentials')
  infusionNurseRequiredCredentials!: CredentialKind[];
  @CredentialSettingValue('supervisingClinicianRequiredCredentials')
  supervisingClinicianRequiredCredentials!: CredentialKind[];
}

/** The effective settings with the clinic record's version: send it back as If-Match on PATCH. */
export class ClinicSettingsResponseDto extends ClinicSettingsDto {
  /** The clinic's version (the ETag); settings changes increment it. */
  version!: number;
}
