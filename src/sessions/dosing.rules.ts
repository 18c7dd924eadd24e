/**
 * Weight-based dose arithmetic (../shared/domain/ketamine-clinic.md §1.1). Pure: no Nest imports.
 *
 * Rounding (documented in the OpenAPI description and README): ketamine is a controlled drug, so
 * the computed dose must never exceed what was prescribed. The total dose in mg is
 * weightKg × doseMgPerKg rounded DOWN to 0.1 mg (never above weight × mg/kg), and the ceiling
 * weightKg × ceiling mg/kg is rounded down too, so a dose at or below the ceiling in mg/kg is at or
 * below it in mg. Arithmetic is done in integers (0.1 kg × 0.001 mg/kg) so that binary floating
 * point never tips a boundary the wrong way.
 */

export interface DoseInput {
  /** Weight used as the dosing basis, kg. */
  weightKg: number;
  /** The plan's prescribed dose, mg/kg. */
  doseMgPerKg: number;
  /** The plan's ceiling, mg/kg. */
  ceilingMgPerKg: number;
  /** The clinic's absolute ceiling, mg/kg (setting maxDoseMgPerKg, default 1.0 §1.1). */
  clinicMaxMgPerKg: number;
}

export interface DoseFailure {
  check: 'DOSE_ABOVE_PLAN_CEILING' | 'DOSE_ABOVE_CLINIC_MAXIMUM';
  message: string;
  overridable: false;
}

export interface DoseComputation {
  /** weightKg × doseMgPerKg, rounded down to 0.1 mg. */
  totalDoseMg: number;
  /** The most that may be given: weightKg × min(plan ceiling, clinic max), rounded down to 0.1 mg. */
  ceilingMg: number;
  failures: DoseFailure[];
}

/**
 * weightKg (at most 0.1 kg resolution) × mgPerKg (at most 0.001 mg/kg) as an exact integer count of
 * 0.0001 mg, so rounding never suffers from binary floating point or double rounding.
 */
function productInTenThousandthsMg(weightKg: number, mgPerKg: number): number {
  return Math.round(weightKg * 10) * Math.round(mgPerKg * 1000);
}

/** weightKg × mgPerKg rounded down to 0.1 mg: a controlled drug's dose is never rounded up. */
export function doseMg(weightKg: number, mgPerKg: number): number {
  return Math.floor(productInTenThousandthsMg(weightKg, mgPerKg) / 1000) / 10;
}

/** weightKg × mgPerKg rounded down to 0.1 mg (a ceiling must never be rounded up). */
export function ceilingDoseMg(weightKg: number, mgPerKg: number): number {
  return Math.floor(productInTenThousandthsMg(weightKg, mgPerKg) / 1000) / 10;
}

export function computeDose(input: DoseInput): DoseComputation {
  const failures: DoseFailure[] = [];
  if (input.doseMgPerKg > input.ceilingMgPerKg) {
    failures.push({
      check: 'DOSE_ABOVE_PLAN_CEILING',
      message: `The prescribed ${input.doseMgPerKg} mg/kg is above the plan ceiling of ${input.ceilingMgPerKg} mg/kg`,
      overridable: false,
    });
  }
  if (input.doseMgPerKg > input.clinicMaxMgPerKg) {
    failures.push({
      check: 'DOSE_ABOVE_CLINIC_MAXIMUM',
      message: `The prescribed ${input.doseMgPerKg} mg/kg is above the clinic maximum of ${input.clinicMaxMgPerKg} mg/kg`,
      overridable: false,
    });
  }
  const limit = Math.min(input.ceilingMgPerKg, input.clinicMaxMgPerKg);
  return {
    totalDoseMg: doseMg(input.weightKg, input.doseMgPerKg),
    ceilingMg: ceilingDoseMg(input.weightKg, limit),
    failures,
  };
}

/** An administered amount is refused when above the ceiling (never overridable, §1.1). */
export function administeredWithinCeiling(amountMg: number, ceilingMg: number): boolean {
  return amountMg <= ceilingMg + 1e-9;
}

/**
 * Whether less than the planned dose was given, beyond rounding: both are recorded to 0.1 mg, so
 * any shortfall of at least 0.1 mg is an early stop (an amount above the plan is not one).
 */
export function belowPlannedDose(administeredMg: number, plannedDoseMg: number): boolean {
  return Math.round(administeredMg * 10) < Math.round(plannedDoseMg * 10);
}

export type WeightBasis = 'actual' | 'ideal' | 'adjusted';

/**
 * The weight to dose on (§1.1 weight basis: actual body weight in trials; some clinicians use
 * ideal or adjusted weight for high-BMI patients [uncertain]). Ideal = Devine formula
 * (50 kg male / 45.5 kg otherwise + 0.9 kg per cm above 152.4 cm); adjusted = ideal + 0.4 ×
 * (actual − ideal). Never above the actual weight. Null when height is needed and missing.
 */
export function dosingWeightKg(input: {
  basis: WeightBasis;
  weightKg: number;
  heightCm: number | null;
  sexAtBirth: string;
}): number | null {
  if (input.basis === 'actual') {
    return input.weightKg;
  }
  if (input.heightCm === null) {
    return null;
  }
  const base = input.sexAtBirth === 'male' ? 50 : 45.5;
  const ideal = Math.max(base + 0.9 * (input.heightCm - 152.4), 0);
  const weight = input.basis === 'ideal' ? ideal : ideal + 0.4 * (input.weightKg - ideal);
  return Math.round(Math.min(weight, input.weightKg) * 10) / 10;
}
