import type { ClinicSettings } from 'src/clinics/clinic-settings';
import type { GateCheckResult } from 'src/sessions/pre-infusion-gate.rules';

/**
 * What booking checked, checked again when the care happens (issue 9 point 1;
 * ../shared/domain/ketamine-clinic.md §1.2 spacing, §3.3 staffing). Pure: no Nest imports.
 *
 * Which checks run when: check-in is the patient's arrival, so it checks the time window, the
 * patient and the spacing; start puts the patient in the chair under a nurse, so it checks all
 * five. Overridable: only the time window (a clinician, with a reason, e.g. the patient came
 * early and the chair is free). Absolute: a chair holds one patient, a patient is in one
 * session, the nurse's ratio is the clinic's own policy (§3.3: per-clinic config), and the spacing
 * is the plan's minimum (§1.2; amend the plan to change it).
 */
export type MomentOfCareStep = 'check_in' | 'start';

/** The facts the checks judge, gathered under row locks in the transaction that changes state. */
export interface MomentOfCareFacts {
  step: MomentOfCareStep;
  now: Date;
  scheduledStart: Date;
  /** Another session of the patient that is checked in, infusing or in recovery. */
  patientOtherSession: { id: string; status: string } | null;
  /** Sessions holding the chair now or from now on, the range a start claims (start only). */
  chairOccupants: string[];
  /** Sessions of the nurse with a patient in the chair at its busiest from now on (start only). */
  nurseOccupied: string[];
  /** The patient's started infusions closest to now, either side, within the plan's spacing. */
  infusionsWithinSpacing: { id: string; startedAt: Date }[];
  minHoursBetweenInfusions: number;
  settings: Pick<
    ClinicSettings,
    'sessionStartEarlyMinutes' | 'sessionStartLateMinutes' | 'maxPatientsPerNurse'
  >;
}

const MINUTE = 60_000;

export interface MomentOfCareCheck extends GateCheckResult {
  conflictingSessionIds?: string[];
}

function windowCheck(f: MomentOfCareFacts): MomentOfCareCheck[] {
  const earliest = f.scheduledStart.getTime() - f.settings.sessionStartEarlyMinutes * MINUTE;
  const latest = f.scheduledStart.getTime() + f.settings.sessionStartLateMinutes * MINUTE;
  const t = f.now.getTime();
  if (t >= earliest && t <= latest) {
    return [];
  }
  const minutes = Math.round(Math.abs(t - f.scheduledStart.getTime()) / MINUTE);
  const side = t < earliest ? 'before' : 'after';
  return [
    {
      check: 'SESSION_OUTSIDE_START_WINDOW',
      message: `${minutes} minutes ${side} the booked start; the clinic allows ${f.settings.sessionStartEarlyMinutes} before and ${f.settings.sessionStartLateMinutes} after`,
      overridable: true,
    },
  ];
}

export function evaluateMomentOfCare(f: MomentOfCareFacts): MomentOfCareCheck[] {
  const out = windowCheck(f);
  if (f.patientOtherSession) {
    out.push({
      check: 'PATIENT_IN_ANOTHER_SESSION',
      message: `The patient has another session that is ${f.patientOtherSession.status.replace('_', ' ')}`,
      overridable: false,
      conflictingSessionIds: [f.patientOtherSession.id],
    });
  }
  // §1.2: the plan's minimum spacing, measured between real starts (not bookings).
  if (f.infusionsWithinSpacing.length > 0) {
    out.push({
      check: 'INFUSION_SPACING_NOT_MET',
      message: `Another infusion of the patient started less than ${f.minHoursBetweenInfusions} hours from now; amend the plan to change the spacing`,
      overridable: false,
      conflictingSessionIds: f.infusionsWithinSpacing.map((s) => s.id),
    });
  }
  if (f.step === 'start') {
    if (f.chairOccupants.length > 0) {
      out.push({
        check: 'CHAIR_OCCUPIED',
        message: 'Another patient is in this chair (infusing or in recovery)',
        overridable: false,
        conflictingSessionIds: f.chairOccupants,
      });
    }
    // §3.3: patients in the chair (infusing or recovering) under one nurse, the clinic's limit.
    if (f.nurseOccupied.length + 1 > f.settings.maxPatientsPerNurse) {
      out.push({
        check: 'NURSE_AT_RATIO_LIMIT',
        message: `The nurse already has ${f.nurseOccupied.length} patient(s) in the chair; the clinic allows ${f.settings.maxPatientsPerNurse}`,
        overridable: false,
        conflictingSessionIds: f.nurseOccupied,
      });
    }
  }
  return out;
}
