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

/** The pre-dose hold a stop flag of the same vital makes redundant. */
const HOLD_SUPERSEDED_BY_STOP: Record<string, string> = {
  SYSTOLIC_AT_STOP: 'SYSTOLIC_ABOVE_HOLD',
  DIASTOLIC_AT_STOP: 'DIASTOLIC_ABOVE_HOLD',
  HEART_RATE_AT_STOP: 'HEART_RATE_OUT_OF_RANGE',
  SPO2_AT_STOP: 'SPO2_BELOW_HOLD',
};

/**
 * Before the infusion: a reading at or beyond an intra-infusion stop threshold is flagged `stop`
 * (one would stop a running infusion there, so one never starts it: §2.3), replacing the `hold`
 * flag of the same vital; readings between the hold and the stop thresholds are `hold`.
 */
function preInfusionFlags(v: VitalsReading, t: VitalsThresholds): VitalsFlag[] {
  const stops = intraFlags(v, t).filter((f) => f.level === 'stop');
  const superseded = new Set(stops.map((f) => HOLD_SUPERSEDED_BY_STOP[f.code]));
  return [...preDoseFlags(v, t).filter((f) => !superseded.has(f.code)), ...stops];
}

export function flagVitals(
  reading: VitalsReading,
  phase: VitalsPhase,
  thresholds: VitalsThresholds,
): VitalsFlag[] {
  return phase === 'pre' ? preInfusionFlags(reading, thresholds) : intraFlags(reading, thresholds);
}

/**
 * The latest reading taken at or before `now` (and, when given, at or after `notBefore`). A reading
 * dated after now is not yet a measurement: it must never stand in for the current state (§2.4
 * pre-infusion vitals, §4.1 discharge vitals).
 */
export function latestReadingAt<T extends { takenAt: Date }>(
  readings: T[],
  now: Date,
  notBefore: Date | null = null,
): T | null {
  let latest: T | null = null;
  for (const r of readings) {
    const t = r.takenAt.getTime();
    if (t > now.getTime() || (notBefore !== null && t < notBefore.getTime())) {
      continue;
    }
    if (latest === null || t >= latest.takenAt.getTime()) {
      latest = r;
    }
  }
  return latest;
}
