import type { ClinicSettings } from 'src/clinics/clinic-settings';
import {
  amendedTerms,
  hasMaintenanceSchedule,
  inductionScheduleRefusals,
  PlanTerms,
  termsDoseRefusals,
  termsFromRequest,
} from 'src/treatment-plans/treatment-plan-terms.rules';
import type {
  AmendTreatmentPlanDto,
  CreateTreatmentPlanDto,
} from 'src/treatment-plans/treatment-plan.dto';

// ../shared/domain/ketamine-clinic.md §1.1 (0.5 mg/kg over 40 min, ceiling ≤ clinic max 1.0), §1.2, §1.3.
const request = {
  patientId: 'p',
  indication: 'treatment_resistant_depression',
  protocol: { doseMgPerKg: 0.5, infusionMinutes: 40, ceilingMgPerKg: 0.75, weightBasis: 'actual' },
  maintenance: { intervalDays: 28 },
} as unknown as CreateTreatmentPlanDto;

// The clinic defaults of src/clinics/clinic-settings.ts (that file loads Nest, so not imported here).
const CLINIC_SETTING_DEFAULTS = {
  inductionPlannedInfusions: 6,
  inductionWindowDays: 21,
  minHoursBetweenInfusions: 24,
} as ClinicSettings;

const current: PlanTerms = termsFromRequest(request, CLINIC_SETTING_DEFAULTS);

describe('termsFromRequest', () => {
  it('should take induction defaults from the clinic settings (§1.2: 6 in 21 days, ≥ 24 h apart)', () => {
    expect(current).toEqual({
      doseMgPerKg: 0.5,
      infusionMinutes: 40,
      ceilingMgPerKg: 0.75,
      weightBasis: 'actual',
      titrationStepsMgPerKg: [],
      inductionPlannedInfusions: 6,
      inductionWindowDays: 21,
      minHoursBetweenInfusions: 24,
      maintenanceAsNeeded: false,
      maintenanceIntervalDays: 28,
      maintenancePlannedInfusions: null,
      adjunctCare: [],
      goals: [],
    });
    const clinic = {
      ...CLINIC_SETTING_DEFAULTS,
      inductionPlannedInfusions: 4,
      inductionWindowDays: 14,
    };
    expect(termsFromRequest(request, clinic)).toMatchObject({
      inductionPlannedInfusions: 4,
      inductionWindowDays: 14,
    });
  });
});

describe('amendedTerms', () => {
  it.each<[string, object, Partial<PlanTerms>]>([
    ['a dose change (§1.1 titration)', { protocol: { doseMgPerKg: 0.75 } }, { doseMgPerKg: 0.75 }],
    [
      'an induction count change',
      { induction: { plannedInfusions: 4 } },
      { inductionPlannedInfusions: 4 },
    ],
    [
      'a switch to as-needed boosters (§1.3)',
      { maintenance: { asNeeded: true, intervalDays: null } },
      { maintenanceAsNeeded: true, maintenanceIntervalDays: null },
    ],
    [
      'a planned maintenance count',
      { maintenance: { plannedInfusions: 6 } },
      { maintenancePlannedInfusions: 6 },
    ],
    ['goals', { goals: ['remission'] }, { goals: ['remission'] }],
  ])('should carry everything over except %s', (_name, change, expected) => {
    const dto = { reason: 'r', ...change } as AmendTreatmentPlanDto;
    expect(amendedTerms(current, dto)).toEqual({ ...current, ...expected });
  });
});

describe('termsDoseRefusals and hasMaintenanceSchedule', () => {
  it.each<[string, Partial<PlanTerms>, number, string[]]>([
    ['standard terms', {}, 1.0, []],
    ['dose above the ceiling', { doseMgPerKg: 0.8 }, 1.0, ['DOSE_EXCEEDS_CEILING']],
    ['ceiling above the clinic max', { ceilingMgPerKg: 1.2 }, 1.0, ['CEILING_EXCEEDS_CLINIC_MAX']],
    [
      'a titration step above the ceiling',
      { titrationStepsMgPerKg: [0.6, 0.9] },
      1.0,
      ['TITRATION_EXCEEDS_CEILING'],
    ],
  ])('should check %s', (_name, change, max, checks) => {
    expect(termsDoseRefusals({ ...current, ...change }, max).map((c) => c.check)).toEqual(checks);
  });

  it.each([
    [false, 28, true],
    [true, null, true],
    [true, 28, true],
    [false, null, false],
  ])('should say asNeeded %s with interval %s is scheduled: %s', (asNeeded, interval, expected) => {
    expect(
      hasMaintenanceSchedule({
        ...current,
        maintenanceAsNeeded: asNeeded,
        maintenanceIntervalDays: interval,
      }),
    ).toBe(expected);
  });
});

describe('inductionScheduleRefusals (§1.2: ≥ 24 h apart by convention; 6 within the window)', () => {
  it.each<[string, Partial<PlanTerms>, number, string[]]>([
    ['the clinic defaults (6 in 21 days, 24 h apart)', {}, 24, []],
    ['spacing exactly at the clinic minimum', { minHoursBetweenInfusions: 48 }, 48, []],
    [
      'spacing below the clinic minimum',
      { minHoursBetweenInfusions: 12 },
      24,
      ['SPACING_BELOW_CLINIC_MINIMUM'],
    ],
    ['no spacing at all', { minHoursBetweenInfusions: 0 }, 24, ['SPACING_BELOW_CLINIC_MINIMUM']],
    [
      'Murrough 2013: 6 infusions over 12 days, 48 h apart (5 gaps = 240 h ≤ 288 h)',
      { inductionWindowDays: 12, minHoursBetweenInfusions: 48 },
      24,
      [],
    ],
    [
      '6 infusions 72 h apart in 14 days (360 h > 336 h)',
      { inductionWindowDays: 14, minHoursBetweenInfusions: 72 },
      24,
      ['INDUCTION_DOES_NOT_FIT_WINDOW'],
    ],
    [
      'exactly filling the window: 6 infusions 48 h apart in 10 days',
      { inductionWindowDays: 10, minHoursBetweenInfusions: 48 },
      24,
      [],
    ],
    [
      'a single infusion needs no gap',
      { inductionPlannedInfusions: 1, inductionWindowDays: 1 },
      24,
      [],
    ],
    [
      'both at once',
      { inductionWindowDays: 1, minHoursBetweenInfusions: 12 },
      24,
      ['SPACING_BELOW_CLINIC_MINIMUM', 'INDUCTION_DOES_NOT_FIT_WINDOW'],
    ],
  ])('should check %s', (_name, change, clinicMin, checks) => {
    const refusals = inductionScheduleRefusals({ ...current, ...change }, clinicMin);
    expect(refusals.map((c) => c.check)).toEqual(checks);
    expect(refusals.every((c) => !c.overridable)).toBe(true);
  });
});
