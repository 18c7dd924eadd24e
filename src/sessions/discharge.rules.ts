import type { ClinicSettings } from 'src/clinics/clinic-settings';
import { VitalsReading } from 'src/sessions/vitals.rules';

/**
 * Discharge criteria (../shared/domain/ketamine-clinic.md §4.1): minimum recovery time since the
 * recorded end of the infusion (minRecoveryMinutes, default 30), current discharge vitals (taken
 * after the infusion ended and within recoveryMonitoringIntervalMinutes of now, default 15, §3.2)
 * inside the thresholds (BP below the pre-dose hold, HR in range, SpO2 ≥ dischargeMinSpo2, default
 * 94 %), and what was last observed since the end (issue 9 point 4): sedation back to the
 * patient's baseline on the scale recorded (§3.1 MOAA/S or RASS), dissociation assessed and
 * resolved, orientation confirmed and not contradicted by the latest observation, an escort
 * present. None is overridable. Pure: no Nest imports.
 */
export type SedationScale = 'moaas' | 'rass';

export interface SedationReading {
  scale: SedationScale;
  score: number;
}

/** The latest value of each observation recorded since the infusion ended (null: none). */
export interface RecoveryObservations {
  sedation: SedationReading | null;
  dissociationObserved: boolean | null;
  oriented: boolean | null;
}

interface ObservedReading {
  takenAt: Date;
  sedationScore: number | null;
  sedationScale: SedationScale | null;
  dissociationObserved: boolean | null;
  oriented: boolean | null;
}

/** The latest recorded sedation, dissociation and orientation among `readings`. */
export function latestObservations(readings: ObservedReading[]): RecoveryObservations {
  const sorted = [...readings].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  const out: RecoveryObservations = { sedation: null, dissociationObserved: null, oriented: null };
  for (const r of sorted) {
    if (r.sedationScore !== null) {
      out.sedation = { scale: r.sedationScale ?? 'moaas', score: r.sedationScore };
    }
    if (r.dissociationObserved !== null) {
      out.dissociationObserved = r.dissociationObserved;
    }
    if (r.oriented !== null) {
      out.oriented = r.oriented;
    }
  }
  return out;
}

/** §3.1: MOAA/S 5 responds readily to name; RASS 0 is alert and calm. */
const SCALE_NORMAL: Record<SedationScale, number> = { moaas: 5, rass: 0 };

/** Back to baseline: the pre-infusion score on the same scale, else the scale's normal. */
function sedationAtBaseline(latest: SedationReading, baseline: SedationReading | null): boolean {
  const base =
    baseline && baseline.scale === latest.scale ? baseline.score : SCALE_NORMAL[latest.scale];
  // RASS runs from −5 (unarousable) to +4 (combative), 0 alert and calm: back to baseline is
  // between the baseline and calm, neither more sedated nor more agitated than both.
  return latest.scale === 'moaas'
    ? latest.score >= base
    : latest.score >= Math.min(base, 0) && latest.score <= Math.max(base, 0);
}

export interface DischargeInput {
  now: Date;
  infusionEndedAt: Date | null;
  /** The latest vitals taken after the infusion ended and at or before now. */
  dischargeVitals: (VitalsReading & { takenAt: Date }) | null;
  observed: RecoveryObservations;
  /** The latest sedation score recorded before the infusion, if any. */
  baselineSedation: SedationReading | null;
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

function observationFailures(input: DischargeInput): DischargeFailure[] {
  const out: DischargeFailure[] = [];
  const { sedation, dissociationObserved } = input.observed;
  if (!sedation) {
    out.push(
      fail('SEDATION_NOT_ASSESSED', 'No sedation score is recorded since the infusion ended'),
    );
  } else if (!sedationAtBaseline(sedation, input.baselineSedation)) {
    out.push(
      fail(
        'SEDATION_NOT_AT_BASELINE',
        `The latest sedation score (${sedation.scale === 'moaas' ? 'MOAA/S' : 'RASS'} ${sedation.score}) is not back to the patient's baseline`,
      ),
    );
  }
  if (dissociationObserved === null) {
    out.push(
      fail('DISSOCIATION_NOT_ASSESSED', 'Dissociation is not assessed since the infusion ended'),
    );
  } else if (dissociationObserved) {
    out.push(
      fail('DISSOCIATION_NOT_RESOLVED', 'The latest observation still records dissociation'),
    );
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
  out.push(...vitalsFailures(input), ...observationFailures(input));
  if (!input.orientationConfirmed) {
    out.push(fail('ORIENTATION_NOT_CONFIRMED', 'Orientation is not confirmed'));
  } else if (input.observed.oriented === false) {
    out.push(
      fail(
        'ORIENTATION_CONTRADICTED',
        'The latest observation since the infusion ended records the patient as not oriented; record a new observation',
      ),
    );
  }
  if (!input.escortPresent) {
    out.push(fail('ESCORT_NOT_PRESENT', 'No escort is present to take the patient home'));
  }
  return out;
}
