// Pure progress math (no Nest imports): ../shared/domain/ketamine-clinic.md §1.2 (induction: planned
// count within a window of days) and §1.3 (maintenance: interval-based or as-needed boosters).
import { PlanPhase, PlanStatus } from 'src/treatment-plans/plan-snapshot';
import { phaseOf } from 'src/treatment-plans/treatment-plan-lifecycle.rules';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ProgressFacts {
  status: PlanStatus;
  /** The status a hold began from (set while on_hold): its phase is the one held. */
  statusBeforeHold: PlanStatus | null;
  induction: { plannedInfusions: number; windowDays: number };
  maintenance: { intervalDays: number | null; plannedInfusions: number | null; asNeeded: boolean };
  inductionStartedAt: Date | null;
  /** The first infusion counted towards induction; null before there is one. */
  firstInductionInfusionAt: Date | null;
  maintenanceStartedAt: Date | null;
  inductionInfusions: number;
  maintenanceInfusions: number;
  lastMaintenanceInfusionAt: Date | null;
  now: Date;
}

export interface Progress {
  /** The phase the plan is in; while on hold, the phase that was held. */
  phase: PlanPhase | null;
  infusionsCompleted: number;
  /** Planned infusions of the current phase; null when open-ended. */
  infusionsPlanned: number | null;
  inductionInfusionsCompleted: number;
  inductionInfusionsPlanned: number;
  /** The window runs windowDays from the first induction infusion (from activation until there is one). */
  inductionWindowEndsAt: Date | null;
  /** Induction (running, not held) still short of its count after its window ended. */
  inductionOverrunning: boolean;
  readyForMaintenance: boolean;
  /** Interval-based maintenance (running, not held): the last maintenance infusion (or its start) + intervalDays. */
  nextMaintenanceDueAt: Date | null;
  maintenanceComplete: boolean;
}

/** The phase of a status; a held plan stays in the phase it was held from. */
export function progressPhase(
  status: PlanStatus,
  statusBeforeHold: PlanStatus | null,
): PlanPhase | null {
  return phaseOf(status === 'on_hold' ? (statusBeforeHold ?? 'on_hold') : status);
}

export function computeProgress(f: ProgressFacts): Progress {
  const phase = progressPhase(f.status, f.statusBeforeHold);
  // A hold pauses the schedule signals (overrunning, ready, next due) but not the window itself.
  const running = f.status === 'active' || f.status === 'maintenance';
  const inductionDone = f.inductionInfusions >= f.induction.plannedInfusions;
  // §1.2 "6 infusions within 12 days": the series is counted from its first infusion.
  const windowStart = f.firstInductionInfusionAt ?? f.inductionStartedAt;
  const windowEnd = windowStart
    ? new Date(windowStart.getTime() + f.induction.windowDays * DAY_MS)
    : null;
  const inInduction = phase === 'induction';
  const inMaintenance = phase === 'maintenance';
  const maintenanceComplete =
    f.maintenance.plannedInfusions !== null &&
    f.maintenanceInfusions >= f.maintenance.plannedInfusions;
  const base = f.lastMaintenanceInfusionAt ?? f.maintenanceStartedAt;
  return {
    phase,
    infusionsCompleted: inMaintenance ? f.maintenanceInfusions : f.inductionInfusions,
    infusionsPlanned: inMaintenance ? f.maintenance.plannedInfusions : f.induction.plannedInfusions,
    inductionInfusionsCompleted: f.inductionInfusions,
    inductionInfusionsPlanned: f.induction.plannedInfusions,
    inductionWindowEndsAt: windowEnd,
    inductionOverrunning:
      running &&
      inInduction &&
      !inductionDone &&
      windowEnd !== null &&
      f.now.getTime() > windowEnd.getTime(),
    readyForMaintenance: running && inInduction && inductionDone,
    nextMaintenanceDueAt:
      running &&
      inMaintenance &&
      !f.maintenance.asNeeded &&
      f.maintenance.intervalDays !== null &&
      !maintenanceComplete &&
      base
        ? new Date(base.getTime() + f.maintenance.intervalDays * DAY_MS)
        : null,
    maintenanceComplete,
  };
}
