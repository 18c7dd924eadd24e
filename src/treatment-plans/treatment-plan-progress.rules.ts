// Pure progress math (no Nest imports): ../shared/domain/ketamine-clinic.md §1.2 (induction: planned
// count within a window of days) and §1.3 (maintenance: interval-based or as-needed boosters).
import { PlanPhase, PlanStatus } from 'src/treatment-plans/plan-snapshot';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ProgressFacts {
  status: PlanStatus;
  currentPhase: PlanPhase | null;
  induction: { plannedInfusions: number; windowDays: number };
  maintenance: { intervalDays: number | null; plannedInfusions: number | null; asNeeded: boolean };
  inductionStartedAt: Date | null;
  maintenanceStartedAt: Date | null;
  inductionInfusions: number;
  maintenanceInfusions: number;
  lastMaintenanceInfusionAt: Date | null;
  now: Date;
}

export interface Progress {
  phase: PlanPhase | null;
  infusionsCompleted: number;
  /** Planned infusions of the current phase; null when open-ended. */
  infusionsPlanned: number | null;
  inductionInfusionsCompleted: number;
  inductionInfusionsPlanned: number;
  /** The day induction should have finished by (start + windowDays). */
  inductionWindowEndsAt: Date | null;
  /** Induction still short of its count after its window ended. */
  inductionOverrunning: boolean;
  readyForMaintenance: boolean;
  /** Interval-based maintenance: the last maintenance infusion (or its start) + intervalDays. */
  nextMaintenanceDueAt: Date | null;
  maintenanceComplete: boolean;
}

export function computeProgress(f: ProgressFacts): Progress {
  const inductionDone = f.inductionInfusions >= f.induction.plannedInfusions;
  const windowEnd = f.inductionStartedAt
    ? new Date(f.inductionStartedAt.getTime() + f.induction.windowDays * DAY_MS)
    : null;
  const inInduction = f.currentPhase === 'induction';
  const inMaintenance = f.currentPhase === 'maintenance';
  const maintenanceComplete =
    f.maintenance.plannedInfusions !== null &&
    f.maintenanceInfusions >= f.maintenance.plannedInfusions;
  const base = f.lastMaintenanceInfusionAt ?? f.maintenanceStartedAt;
  return {
    phase: f.currentPhase,
    infusionsCompleted: inMaintenance ? f.maintenanceInfusions : f.inductionInfusions,
    infusionsPlanned: inMaintenance ? f.maintenance.plannedInfusions : f.induction.plannedInfusions,
    inductionInfusionsCompleted: f.inductionInfusions,
    inductionInfusionsPlanned: f.induction.plannedInfusions,
    inductionWindowEndsAt: windowEnd,
    inductionOverrunning:
      inInduction && !inductionDone && windowEnd !== null && f.now.getTime() > windowEnd.getTime(),
    readyForMaintenance: inInduction && inductionDone,
    nextMaintenanceDueAt:
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
