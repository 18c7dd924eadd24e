// Pure plan-terms rules (no Nest imports; DTO and entity types only): ../shared/domain/ketamine-clinic.md
// §1.1 (dose, ceiling, titration, weight basis), §1.2 (induction defaults), §1.3 (maintenance).
import type { ClinicSettings } from 'src/clinics/clinic-settings';
import type {
  AmendTreatmentPlanDto,
  CreateTreatmentPlanDto,
} from 'src/treatment-plans/treatment-plan.dto';
import type { TreatmentPlanVersionEntity } from 'src/treatment-plans/treatment-plan.entity';
import {
  doseRefusals,
  GateCheck,
  titrationRefusals,
} from 'src/treatment-plans/treatment-plan-lifecycle.rules';

/** The full clinical terms one version of a plan holds. */
export type PlanTerms = Pick<
  TreatmentPlanVersionEntity,
  | 'doseMgPerKg'
  | 'infusionMinutes'
  | 'ceilingMgPerKg'
  | 'weightBasis'
  | 'titrationStepsMgPerKg'
  | 'inductionPlannedInfusions'
  | 'inductionWindowDays'
  | 'minHoursBetweenInfusions'
  | 'maintenanceAsNeeded'
  | 'maintenanceIntervalDays'
  | 'maintenancePlannedInfusions'
  | 'adjunctCare'
  | 'goals'
>;

/** New plan terms; induction defaults come from the clinic settings (§1.2). */
export function termsFromRequest(dto: CreateTreatmentPlanDto, settings: ClinicSettings): PlanTerms {
  return {
    doseMgPerKg: dto.protocol.doseMgPerKg,
    infusionMinutes: dto.protocol.infusionMinutes,
    ceilingMgPerKg: dto.protocol.ceilingMgPerKg,
    weightBasis: dto.protocol.weightBasis,
    titrationStepsMgPerKg: dto.protocol.titrationStepsMgPerKg ?? [],
    inductionPlannedInfusions:
      dto.induction?.plannedInfusions ?? settings.inductionPlannedInfusions,
    inductionWindowDays: dto.induction?.windowDays ?? settings.inductionWindowDays,
    minHoursBetweenInfusions:
      dto.induction?.minHoursBetweenInfusions ?? settings.minHoursBetweenInfusions,
    maintenanceAsNeeded: dto.maintenance.asNeeded ?? false,
    maintenanceIntervalDays: dto.maintenance.intervalDays ?? null,
    maintenancePlannedInfusions: dto.maintenance.plannedInfusions ?? null,
    adjunctCare: dto.adjunctCare ?? [],
    goals: dto.goals ?? [],
  };
}

/** An amendment's terms: what it gives, everything else carried over from the current version. */
export function amendedTerms(current: PlanTerms, dto: AmendTreatmentPlanDto): PlanTerms {
  const p = dto.protocol ?? {};
  const i = dto.induction ?? {};
  const m = dto.maintenance ?? {};
  return {
    doseMgPerKg: p.doseMgPerKg ?? current.doseMgPerKg,
    infusionMinutes: p.infusionMinutes ?? current.infusionMinutes,
    ceilingMgPerKg: p.ceilingMgPerKg ?? current.ceilingMgPerKg,
    weightBasis: p.weightBasis ?? current.weightBasis,
    titrationStepsMgPerKg: p.titrationStepsMgPerKg ?? current.titrationStepsMgPerKg,
    inductionPlannedInfusions: i.plannedInfusions ?? current.inductionPlannedInfusions,
    inductionWindowDays: i.windowDays ?? current.inductionWindowDays,
    minHoursBetweenInfusions: i.minHoursBetweenInfusions ?? current.minHoursBetweenInfusions,
    maintenanceAsNeeded: m.asNeeded ?? current.maintenanceAsNeeded,
    maintenanceIntervalDays:
      m.intervalDays !== undefined ? m.intervalDays : current.maintenanceIntervalDays,
    maintenancePlannedInfusions:
      m.plannedInfusions !== undefined ? m.plannedInfusions : current.maintenancePlannedInfusions,
    adjunctCare: dto.adjunctCare ?? current.adjunctCare,
    goals: dto.goals ?? current.goals,
  };
}

/** §1.1: dose ≤ ceiling ≤ clinic maxDoseMgPerKg, titration rising within the ceiling. */
export function termsDoseRefusals(terms: PlanTerms, clinicMaxDoseMgPerKg: number): GateCheck[] {
  return [
    ...doseRefusals(terms.doseMgPerKg, terms.ceilingMgPerKg, clinicMaxDoseMgPerKg),
    ...titrationRefusals(terms.titrationStepsMgPerKg, terms.ceilingMgPerKg),
  ];
}

/**
 * §1.2 spacing: infusions at least the clinic's minHoursBetweenInfusions apart (convention ≥ 24 h),
 * and a series that can fit its window: (plannedInfusions − 1) gaps of minHours within windowDays.
 */
export function inductionScheduleRefusals(
  terms: PlanTerms,
  clinicMinHoursBetweenInfusions: number,
): GateCheck[] {
  const checks: GateCheck[] = [];
  if (terms.minHoursBetweenInfusions < clinicMinHoursBetweenInfusions) {
    checks.push({
      check: 'SPACING_BELOW_CLINIC_MINIMUM',
      message: `Infusions ${terms.minHoursBetweenInfusions} h apart are closer than the clinic's minimum (${clinicMinHoursBetweenInfusions} h)`,
      overridable: false,
    });
  }
  const neededHours = (terms.inductionPlannedInfusions - 1) * terms.minHoursBetweenInfusions;
  if (neededHours > terms.inductionWindowDays * 24) {
    checks.push({
      check: 'INDUCTION_DOES_NOT_FIT_WINDOW',
      message: `${terms.inductionPlannedInfusions} infusions at least ${terms.minHoursBetweenInfusions} h apart need ${neededHours} h, more than the ${terms.inductionWindowDays}-day window`,
      overridable: false,
    });
  }
  return checks;
}

/** §1.3: maintenance is either as-needed boosters or at a target interval. */
export function hasMaintenanceSchedule(terms: PlanTerms): boolean {
  return terms.maintenanceAsNeeded || terms.maintenanceIntervalDays !== null;
}
