import {
  administeredWithinCeiling,
  belowPlannedDose,
  computeDose,
  doseMg,
  dosingWeightKg,
} from 'src/sessions/dosing.rules';

// ../shared/domain/ketamine-clinic.md §1.1: 0.5 mg/kg standard, clinic maxDoseMgPerKg default 1.0.
describe('dose computation (§1.1)', () => {
  it.each([
    // weightKg, mg/kg, expected mg (rounded down to 0.1 mg: never above weight × mg/kg)
    [70, 0.5, 35],
    [72.3, 0.5, 36.1], // 36.15 → 36.1 (down)
    [70.1, 0.5, 35], // 35.05 → 35.0
    [81.9, 0.75, 61.4], // 61.425 → 61.4
    [64.5, 0.35, 22.5], // 22.575 → 22.5
    [99.9, 0.001, 0], // 0.0999 → 0.0
    [70.3, 0.7, 49.2], // 49.21 → 49.2 (exact in integers, whatever binary floating point says)
    [120, 1, 120],
  ])('should give %p kg × %p mg/kg = %p mg', (weightKg, mgPerKg, expected) => {
    expect(doseMg(weightKg, mgPerKg)).toBe(expected);
  });

  it.each([
    // dose, plan ceiling, clinic max, expected failed checks
    [0.5, 0.75, 1, []],
    [0.75, 0.75, 1, []],
    [0.8, 0.75, 1, ['DOSE_ABOVE_PLAN_CEILING']],
    [1.2, 1.5, 1, ['DOSE_ABOVE_CLINIC_MAXIMUM']],
    [1.6, 1.5, 1, ['DOSE_ABOVE_PLAN_CEILING', 'DOSE_ABOVE_CLINIC_MAXIMUM']],
  ])(
    'should check %p mg/kg against plan ceiling %p and clinic max %p',
    (doseMgPerKg, ceilingMgPerKg, clinicMaxMgPerKg, expected) => {
      const result = computeDose({ weightKg: 80, doseMgPerKg, ceilingMgPerKg, clinicMaxMgPerKg });
      expect(result.failures.map((f) => f.check)).toEqual(expected);
      expect(result.failures.every((f) => !f.overridable)).toBe(true);
    },
  );

  it.each([
    // weightKg, dose mg/kg, plan ceiling mg/kg, expected dose mg, expected ceiling mg
    [72.3, 0.5, 0.5, 36.1, 36.1], // 36.15: rounding the dose up (36.2) would exceed the ceiling
    [80, 0.5, 0.5, 40, 40], // dose equal to the ceiling, no rounding
    [70.1, 0.75, 0.75, 52.5, 52.5], // 52.575 both ways down
    [64.5, 0.35, 0.35, 22.5, 22.5],
  ])(
    'should never compute a dose above the ceiling: %p kg × %p mg/kg, ceiling %p mg/kg',
    (weightKg, doseMgPerKg, ceilingMgPerKg, dose, ceiling) => {
      const result = computeDose({ weightKg, doseMgPerKg, ceilingMgPerKg, clinicMaxMgPerKg: 1 });
      expect([result.totalDoseMg, result.ceilingMg]).toEqual([dose, ceiling]);
      expect(result.failures).toEqual([]);
      expect(administeredWithinCeiling(result.totalDoseMg, result.ceilingMg)).toBe(true);
    },
  );

  it('should round the ceiling in mg down, never up', () => {
    // 72.3 × 0.75 = 54.225 → 54.2 (down), plan ceiling below clinic max
    expect(
      computeDose({ weightKg: 72.3, doseMgPerKg: 0.5, ceilingMgPerKg: 0.75, clinicMaxMgPerKg: 1 })
        .ceilingMg,
    ).toBe(54.2);
    // clinic max binds: 80 × 0.6
    expect(
      computeDose({ weightKg: 80, doseMgPerKg: 0.5, ceilingMgPerKg: 1, clinicMaxMgPerKg: 0.6 })
        .ceilingMg,
    ).toBe(48);
  });

  it.each([
    [54.2, 54.2, true],
    [54.3, 54.2, false],
    [0, 54.2, true],
  ])('should accept %p mg given against a ceiling of %p mg: %p', (amount, ceiling, ok) => {
    expect(administeredWithinCeiling(amount, ceiling)).toBe(ok);
  });
});

describe('early stop: less than the planned dose given', () => {
  it.each([
    // administered mg, planned mg, below?
    [36.1, 36.1, false],
    [36.2, 36.1, false], // more than planned is not an early stop (the ceiling bounds it)
    [36.0, 36.1, true], // 0.1 mg short
    [0, 36.1, true],
    [0.1 + 0.2, 0.3, false], // binary floating point noise is not a shortfall
  ])('should treat %p mg given of %p mg planned as below: %p', (given, planned, below) => {
    expect(belowPlannedDose(given, planned)).toBe(below);
  });
});

describe('dosing weight basis (§1.1)', () => {
  it.each([
    // basis, kg, cm, sex, expected
    ['actual', 110, 170, 'female', 110],
    ['ideal', 110, 170, 'female', 61.3], // 45.5 + 0.9 × 17.6 = 61.34
    ['ideal', 110, 180, 'male', 74.8], // 50 + 0.9 × 27.6 = 74.84
    ['adjusted', 110, 170, 'female', 80.8], // 61.34 + 0.4 × 48.66 = 80.8
    ['ideal', 55, 180, 'male', 55], // never above actual
    ['ideal', 80, null, 'male', null], // height needed
  ] as const)('should give %p weight of %p kg, %p cm, %p as %p', (basis, kg, cm, sex, expected) => {
    expect(dosingWeightKg({ basis, weightKg: kg, heightCm: cm, sexAtBirth: sex })).toBe(expected);
  });
});
