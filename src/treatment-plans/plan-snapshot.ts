// No Nest imports: the contract other modules (sessions, follow-ups) code against.
export type PlanStatus =
  'draft' | 'active' | 'maintenance' | 'on_hold' | 'completed' | 'discontinued';
export type PlanPhase = 'induction' | 'maintenance';
export type WeightBasis = 'actual' | 'ideal' | 'adjusted';

export interface PlanSnapshot {
  id: string;
  clinicId: string;
  patientId: string;
  /** Indication enum value. */
  indication: string;
  status: PlanStatus;
  /** induction while 'active', maintenance while 'maintenance', else null. */
  currentPhase: PlanPhase | null;
  /** 1 for the original terms, +1 per amendment. */
  amendmentNumber: number;
  protocol: {
    drug: 'ketamine';
    route: 'IV';
    doseMgPerKg: number;
    infusionMinutes: number;
    ceilingMgPerKg: number;
    weightBasis: WeightBasis;
  };
  induction: { plannedInfusions: number; windowDays: number; minHoursBetweenInfusions: number };
  maintenance: { intervalDays: number | null; plannedInfusions: number | null; asNeeded: boolean };
  infusionsCompletedInPhase: number;
  phaseStartedAt: Date | null;
  needsClinicalReview: boolean;
}
