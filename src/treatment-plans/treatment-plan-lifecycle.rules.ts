// Pure lifecycle rules (no Nest imports). Course shape: ../shared/domain/ketamine-clinic.md §1.2
// (induction series) then §1.3 (maintenance / boosters), with a defined endpoint (ASA, §1.3).
import { PlanPhase, PlanStatus } from 'src/treatment-plans/plan-snapshot';

export type PlanAction =
  'activate' | 'start_maintenance' | 'hold' | 'resume' | 'complete' | 'discontinue';

/** From which statuses each action is legal, and where it leads (resume goes back to where the hold began). */
export const TRANSITIONS: Record<PlanAction, { from: PlanStatus[]; to: PlanStatus | 'previous' }> =
  {
    activate: { from: ['draft'], to: 'active' },
    start_maintenance: { from: ['active'], to: 'maintenance' },
    hold: { from: ['active', 'maintenance'], to: 'on_hold' },
    resume: { from: ['on_hold'], to: 'previous' },
    complete: { from: ['active', 'maintenance'], to: 'completed' },
    discontinue: { from: ['active', 'maintenance', 'on_hold'], to: 'discontinued' },
  };

/** The status an action leads to, or null when it is not allowed from `status`. */
export function nextStatus(
  status: PlanStatus,
  action: PlanAction,
  statusBeforeHold: PlanStatus | null,
): PlanStatus | null {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    return null;
  }
  if (t.to === 'previous') {
    return statusBeforeHold === 'active' || statusBeforeHold === 'maintenance'
      ? statusBeforeHold
      : null;
  }
  return t.to;
}

/** Induction while active, maintenance while in maintenance, none otherwise. */
export function phaseOf(status: PlanStatus): PlanPhase | null {
  return status === 'active' ? 'induction' : status === 'maintenance' ? 'maintenance' : null;
}

/** Clinical terms may change (by amendment) until the course has ended. */
export function isAmendable(status: PlanStatus): boolean {
  return status !== 'completed' && status !== 'discontinued';
}

export interface ActivationFacts {
  prescriberIsActiveClinician: boolean;
  patientArchived: boolean;
  planIndication: string;
  /** The patient's latest screening by screenedAt (signed or not); null when there is none. */
  screening: {
    decision: 'eligible' | 'needs_clinician_review' | 'ineligible';
    overridden: boolean;
    /** Null while the screening is not signed. */
    validUntil: Date | null;
    primaryIndication: string;
  } | null;
  /** Checks of the plan's terms against the clinic's current limits (dose §1.1, spacing §1.2). */
  doseChecks: { check: string; message: string; overridable: boolean }[];
  now: Date;
}

export interface GateCheck {
  check: string;
  message: string;
  overridable: boolean;
}

/**
 * Issue 3 point 4: a clinician and a signed eligible (or validly overridden) screening within the
 * clinic's validity. The screening judged is the latest by screenedAt; when it is unsigned the
 * plan waits for its signature (an older signed one does not count).
 */
export function activationRefusals(f: ActivationFacts): GateCheck[] {
  const checks: GateCheck[] = [];
  if (!f.prescriberIsActiveClinician) {
    checks.push({
      check: 'PRESCRIBER_NOT_ACTIVE_CLINICIAN',
      message: 'The prescribing clinician must be an active clinician of the clinic',
      overridable: false,
    });
  }
  if (f.patientArchived) {
    checks.push({
      check: 'PATIENT_ARCHIVED',
      message: 'The patient is archived',
      overridable: false,
    });
  }
  if (!f.screening) {
    checks.push({
      check: 'SCREENING_NOT_SIGNED',
      message: 'The patient has no signed screening',
      overridable: false,
    });
  } else if (f.screening.validUntil === null) {
    // The latest facts win: an older signed screening never stands in for a newer unsigned one.
    checks.push({
      check: 'LATEST_SCREENING_UNSIGNED',
      message: 'The latest screening is not signed yet; a clinician must sign it first',
      overridable: false,
    });
  } else {
    const permits =
      f.screening.decision === 'eligible' ||
      (f.screening.decision === 'needs_clinician_review' && f.screening.overridden);
    if (!permits) {
      checks.push({
        check: 'SCREENING_NOT_ELIGIBLE',
        message: `The latest screening is ${f.screening.decision}${f.screening.decision === 'needs_clinician_review' ? ' and was not overridden' : ''}`,
        overridable: false,
      });
    }
    if (f.screening.primaryIndication !== f.planIndication) {
      checks.push({
        check: 'SCREENING_INDICATION_MISMATCH',
        message: `The latest screening assessed ${f.screening.primaryIndication}, not the plan's ${f.planIndication}`,
        overridable: false,
      });
    }
    if (f.screening.validUntil.getTime() < f.now.getTime()) {
      checks.push({
        check: 'SCREENING_EXPIRED',
        message: "The latest screening is older than the clinic's screening validity",
        overridable: false,
      });
    }
  }
  return [...checks, ...f.doseChecks];
}

/** §1.1: the plan's dose may not exceed its ceiling, nor its ceiling the clinic's maxDoseMgPerKg. */
export function doseRefusals(
  doseMgPerKg: number,
  ceilingMgPerKg: number,
  clinicMaxDoseMgPerKg: number,
): GateCheck[] {
  const checks: GateCheck[] = [];
  if (doseMgPerKg > ceilingMgPerKg) {
    checks.push({
      check: 'DOSE_EXCEEDS_CEILING',
      message: `The dose (${doseMgPerKg} mg/kg) exceeds the plan's ceiling (${ceilingMgPerKg} mg/kg)`,
      overridable: false,
    });
  }
  if (ceilingMgPerKg > clinicMaxDoseMgPerKg) {
    checks.push({
      check: 'CEILING_EXCEEDS_CLINIC_MAX',
      message: `The ceiling (${ceilingMgPerKg} mg/kg) exceeds the clinic's maximum dose (${clinicMaxDoseMgPerKg} mg/kg)`,
      overridable: false,
    });
  }
  return checks;
}

/** Titration steps must rise and stay within the ceiling (§1.1 titration, convention). */
export function titrationRefusals(steps: number[], ceilingMgPerKg: number): GateCheck[] {
  const above = steps.filter((s) => s > ceilingMgPerKg);
  const unordered = steps.some((s, i) => i > 0 && s <= (steps[i - 1] ?? 0));
  return [
    ...(above.length > 0
      ? [
          {
            check: 'TITRATION_EXCEEDS_CEILING',
            message: `Titration steps above the ceiling (${ceilingMgPerKg} mg/kg): ${above.join(', ')}`,
            overridable: false,
          },
        ]
      : []),
    ...(unordered
      ? [
          {
            check: 'TITRATION_NOT_ASCENDING',
            message: 'Titration steps must rise strictly',
            overridable: false,
          },
        ]
      : []),
  ];
}
