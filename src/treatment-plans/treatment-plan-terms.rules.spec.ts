import type { ClinicSettings } from 'src/clinics/clinic-settings';
import {
  amendedTerms,
  hasMaintenanceSchedule,
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
