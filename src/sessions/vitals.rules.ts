import type { ClinicSettings } from 'src/clinics/clinic-settings';

/**
 * Vital-sign threshold flags (../shared/domain/ketamine-clinic.md §2.3 BP/HR/SpO2 thresholds,
 * §3.1 what to measure). Pure: no Nest imports. Every threshold is a clinic setting.
 */
export interface VitalsReading {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate?: number | null;
}

/** pre: before the infusion (hold thresholds); intra: infusing or recovering (alert/stop). */
export type VitalsPhase = 'pre' | 'intra';
export type FlagLevel = 'hold' | 'alert' | 'stop';

export interface VitalsFlag {
  code: string;
  level: FlagLevel;
  message: string;
}

export type VitalsThresholds = Pick<
  ClinicSettings,
  | 'preDoseHoldSystolic'
  | 'preDoseHoldDiastolic'
  | 'preDoseMinHeartRate'
  | 'preDoseMaxHeartRate'
  | 'preDoseMinSpo2'
  | 'intraAlertSystolic'
  | 'intraStopSystolic'
  | 'intraStopDiastolic'
  | 'intraStopHeartRate'
  | 'spo2AlertBelow'
  | 'spo2StopBelow'
>;

/** §2.3: resting BP > 140 systolic or > 90 diastolic → no infusion that day (defaults). */
function preDoseFlags(v: VitalsReading, t: VitalsThresholds): VitalsFlag[] {
  const flags: VitalsFlag[] = [];
  if (v.systolic > t.preDoseHoldSystolic) {
    flags.push({
      code: 'SYSTOLIC_ABOVE_HOLD',
      level: 'hold',
      message: `Systolic above the pre-dose hold of ${t.preDoseHoldSystolic} mmHg`,
    });
  }
  if (v.diastolic > t.preDoseHoldDiastolic) {
    flags.push({
      code: 'DIASTOLIC_ABOVE_HOLD',
      level: 'hold',
      message: `Diastolic above the pre-dose hold of ${t.preDoseHoldDiastolic} mmHg`,
    });
  }
  if (v.heartRate < t.preDoseMinHeartRate || v.heartRate > t.preDoseMaxHeartRate) {
    flags.push({
      code: 'HEART_RATE_OUT_OF_RANGE',
      level: 'hold',
      message: `Heart rate outside ${t.preDoseMinHeartRate}–${t.preDoseMaxHeartRate} /min`,
    });
  }
  if (v.spo2 < t.preDoseMinSpo2) {
    flags.push({
      code: 'SPO2_BELOW_HOLD',
      level: 'hold',
      message: `SpO2 below ${t.preDoseMinSpo2} %`,
    });
  }
  return flags;
}

/** §2.3: alert at systolic ≥ 160, stop at ≥ 180 / ≥ 110 or HR ≥ 120; SpO2 alert < 92, stop < 90. */
function intraFlags(v: VitalsReading, t: VitalsThresholds): VitalsFlag[] {
  const flags: VitalsFlag[] = [];
  if (v.systolic >= t.intraStopSystolic) {
    flags.push({
      code: 'SYSTOLIC_AT_STOP',
      level: 'stop',
      message: `Systolic at or above the stop threshold of ${t.intraStopSystolic} mmHg`,
    });
  } else if (v.systolic >= t.intraAlertSystolic) {
    flags.push({
      code: 'SYSTOLIC_AT_ALERT',
      level: 'alert',
      message: `Systolic at or above the alert threshold of ${t.intraAlertSystolic} mmHg`,
    });
  }
  if (v.diastolic >= t.intraStopDiastolic) {
    flags.push({
      code: 'DIASTOLIC_AT_STOP',
      level: 'stop',
      message: `Diastolic at or above the stop threshold of ${t.intraStopDiastolic} mmHg`,
    });
  }
  if (v.heartRate >= t.intraStopHeartRate) {
    flags.push({
      code: 'HEART_RATE_AT_STOP',
      level: 'stop',
      message: `Heart rate at or above the stop threshold of ${t.intraStopHeartRate} /min`,
    });
  }
  if (v.spo2 < t.spo2StopBelow) {
    flags.push({
      code: 'SPO2_AT_STOP',
      level: 'stop',
      message: `SpO2 below the stop threshold of ${t.spo2StopBelow} %`,
    });
  } else if (v.spo2 < t.spo2AlertBelow) {
    flags.push({
      code: 'SPO2_AT_ALERT',
      level: 'alert',
      message: `SpO2 below the alert threshold of ${t.spo2AlertBelow} %`,
    });
  }
  return flags;
}

export function flagVitals(
  reading: VitalsReading,
  phase: VitalsPhase,
  thresholds: VitalsThresholds,
): VitalsFlag[] {
  return phase === 'pre' ? preDoseFlags(reading, thresholds) : intraFlags(reading, thresholds);
}
