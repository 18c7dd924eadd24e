import type { ClinicSettings } from 'src/clinics/clinic-settings';
import { VitalsReading } from 'src/sessions/vitals.rules';

/**
 * Discharge criteria (../shared/domain/ketamine-clinic.md §4.1): minimum recovery time since the
 * infusion ended (minRecoveryMinutes, default 30), current discharge vitals (taken after the
 * infusion ended and within recoveryMonitoringIntervalMinutes of now, default 15, §3.2) inside the
 * thresholds (BP below the pre-dose hold, HR in range, SpO2 ≥ dischargeMinSpo2, default 94 %),
 * orientation confirmed and an escort present. None is overridable. Pure: no Nest imports.
 */
export interface DischargeInput {
  now: Date;
  infusionEndedAt: Date | null;
  /** The latest vitals taken after the infusion ended and at or before now. */
  dischargeVitals: (VitalsReading & { takenAt: Date }) | null;
  orientationConfirmed: boolean;
  escortPresent: boolean;
  settings: Pick<
    ClinicSettings,
    | 'minRecoveryMinutes'
    | 'recoveryMonitoringIntervalMinutes'
    | 'dischargeMinSpo2'
    | 'preDoseHoldSystolic'
    | 'preDoseHoldDiastolic'
    | 'preDoseMinHeartRate'
    | 'preDoseMaxHeartRate'
  >;
}

export interface DischargeFailure {
  check: string;
  message: string;
  overridable: false;
}

const fail = (check: string, message: string): DischargeFailure => ({
  check,
  message,
  overridable: false,
});

function vitalsFailures(input: DischargeInput): DischargeFailure[] {
  const v = input.dischargeVitals;
  const s = input.settings;
  if (!v) {
    return [fail('DISCHARGE_VITALS_MISSING', 'No vitals are recorded since the infusion ended')];
  }
  const out: DischargeFailure[] = [];
  const ageMinutes = (input.now.getTime() - v.takenAt.getTime()) / 60_000;
  if (ageMinutes > s.recoveryMonitoringIntervalMinutes) {
    out.push(
      fail(
        'DISCHARGE_VITALS_STALE',
        `The latest vitals are older than ${s.recoveryMonitoringIntervalMinutes} minutes; take a new set`,
      ),
    );
  }
  if (v.systolic > s.preDoseHoldSystolic || v.diastolic > s.preDoseHoldDiastolic) {
    out.push(
      fail(
        'DISCHARGE_BP_HIGH',
        `Blood pressure above ${s.preDoseHoldSystolic}/${s.preDoseHoldDiastolic} mmHg`,
      ),
    );
  }
  if (v.heartRate < s.preDoseMinHeartRate || v.heartRate > s.preDoseMaxHeartRate) {
    out.push(
      fail(
        'DISCHARGE_HEART_RATE_OUT_OF_RANGE',
        `Heart rate outside ${s.preDoseMinHeartRate}–${s.preDoseMaxHeartRate} /min`,
      ),
    );
  }
  if (v.spo2 < s.dischargeMinSpo2) {
    out.push(fail('DISCHARGE_SPO2_LOW', `SpO2 below ${s.dischargeMinSpo2} %`));
  }
  return out;
}

export function evaluateDischarge(input: DischargeInput): DischargeFailure[] {
  const out: DischargeFailure[] = [];
  if (!input.infusionEndedAt) {
    out.push(fail('INFUSION_NOT_ENDED', 'The infusion has not ended'));
  } else {
    const minutes = (input.now.getTime() - input.infusionEndedAt.getTime()) / 60_000;
    if (minutes < input.settings.minRecoveryMinutes) {
      out.push(
        fail(
          'RECOVERY_TIME_NOT_MET',
          `Only ${Math.floor(minutes)} of the required ${input.settings.minRecoveryMinutes} minutes since the infusion ended`,
        ),
      );
    }
  }
  out.push(...vitalsFailures(input));
  if (!input.orientationConfirmed) {
    out.push(fail('ORIENTATION_NOT_CONFIRMED', 'Orientation is not confirmed'));
  }
  if (!input.escortPresent) {
    out.push(fail('ESCORT_NOT_PRESENT', 'No escort is present to take the patient home'));
  }
  return out;
}
