import { PlanStatus } from 'src/treatment-plans/plan-snapshot';
import {
  activationRefusals,
  ActivationFacts,
  doseRefusals,
  isAmendable,
  nextStatus,
  PlanAction,
  phaseOf,
  titrationRefusals,
} from 'src/treatment-plans/treatment-plan-lifecycle.rules';

// Course shape: ../shared/domain/ketamine-clinic.md §1.2 (induction) → §1.3 (maintenance), a defined endpoint (§1.3 ASA).
const STATUSES: PlanStatus[] = [
  'draft',
  'active',
  'maintenance',
  'on_hold',
  'completed',
  'discontinued',
];
const ACTIONS: PlanAction[] = [
  'activate',
  'start_maintenance',
  'hold',
  'resume',
  'complete',
  'discontinue',
];

// Every legal move; every other (status, action) pair is illegal.
const LEGAL: [PlanStatus, PlanAction, PlanStatus | null, PlanStatus][] = [
  ['draft', 'activate', null, 'active'],
  ['active', 'start_maintenance', null, 'maintenance'],
  ['active', 'hold', null, 'on_hold'],
  ['maintenance', 'hold', null, 'on_hold'],
  ['on_hold', 'resume', 'active', 'active'],
  ['on_hold', 'resume', 'maintenance', 'maintenance'],
  ['active', 'complete', null, 'completed'],
  ['maintenance', 'complete', null, 'completed'],
  ['active', 'discontinue', null, 'discontinued'],
  ['maintenance', 'discontinue', null, 'discontinued'],
  ['on_hold', 'discontinue', 'active', 'discontinued'],
];

describe('nextStatus', () => {
  it.each(LEGAL)('should move %s --%s (held from %s)--> %s', (from, action, before, to) => {
    expect(nextStatus(from, action, before)).toBe(to);
  });

  const illegal = STATUSES.flatMap((s) =>
    ACTIONS.filter((a) => !LEGAL.some(([from, action]) => from === s && action === a)).map(
      (a) => [s, a] as const,
    ),
  );
  it.each(illegal)('should refuse %s --%s', (from, action) => {
    expect(nextStatus(from, action, 'active')).toBeNull();
  });

  it('should refuse to resume a hold with no status to return to', () => {
    expect(nextStatus('on_hold', 'resume', null)).toBeNull();
  });
});

describe('phaseOf and isAmendable', () => {
  it.each([
    ['draft', null, true],
    ['active', 'induction', true],
    ['maintenance', 'maintenance', true],
    ['on_hold', null, true],
    ['completed', null, false],
    ['discontinued', null, false],
  ] as const)('should give %s phase %s, amendable %s', (status, phase, amendable) => {
    expect(phaseOf(status)).toBe(phase);
    expect(isAmendable(status)).toBe(amendable);
  });
});

describe('doseRefusals (§1.1: dose ≤ ceiling ≤ clinic maxDoseMgPerKg, default 1.0)', () => {
  it.each([
    [0.5, 0.75, 1.0, []],
    [0.75, 0.75, 1.0, []],
    [1.0, 1.0, 1.0, []],
    [0.8, 0.75, 1.0, ['DOSE_EXCEEDS_CEILING']],
    [0.5, 1.2, 1.0, ['CEILING_EXCEEDS_CLINIC_MAX']],
    [1.5, 1.2, 1.0, ['DOSE_EXCEEDS_CEILING', 'CEILING_EXCEEDS_CLINIC_MAX']],
    [0.5, 1.2, 1.5, []],
  ])('should check dose %d, ceiling %d, clinic max %d', (dose, ceiling, max, checks) => {
    expect(doseRefusals(dose, ceiling, max).map((c) => c.check)).toEqual(checks);
  });
});

describe('titrationRefusals (§1.1 titration)', () => {
  it.each([
    [[], 0.75, []],
    [[0.6, 0.75], 0.75, []],
    [[0.6, 0.9], 0.75, ['TITRATION_EXCEEDS_CEILING']],
    [[0.75, 0.6], 0.75, ['TITRATION_NOT_ASCENDING']],
    [[0.6, 0.6], 0.75, ['TITRATION_NOT_ASCENDING']],
  ])('should check steps %j under ceiling %d', (steps, ceiling, checks) => {
    expect(titrationRefusals(steps, ceiling).map((c) => c.check)).toEqual(checks);
  });
});

describe('activationRefusals (issue 3 point 4 gates)', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const valid = new Date('2026-04-01T00:00:00Z');
  const screening = (
    decision: 'eligible' | 'needs_clinician_review' | 'ineligible',
    overridden = false,
    validUntil: Date | null = valid,
    primaryIndication = 'treatment_resistant_depression',
  ) => ({ decision, overridden, validUntil, primaryIndication });
  const ok: ActivationFacts = {
    prescriberIsActiveClinician: true,
    patientArchived: false,
    planIndication: 'treatment_resistant_depression',
    screening: screening('eligible'),
    doseChecks: [],
    now,
  };

  it.each<[string, Partial<ActivationFacts>, string[]]>([
    ['all gates pass', {}, []],
    ['an overridden review', { screening: screening('needs_clinician_review', true) }, []],
    [
      'the prescriber is not an active clinician',
      { prescriberIsActiveClinician: false },
      ['PRESCRIBER_NOT_ACTIVE_CLINICIAN'],
    ],
    ['the patient is archived', { patientArchived: true }, ['PATIENT_ARCHIVED']],
    ['the patient has no screening', { screening: null }, ['SCREENING_NOT_SIGNED']],
    [
      'the latest screening (by screenedAt) is not signed, even if eligible',
      { screening: screening('eligible', false, null) },
      ['LATEST_SCREENING_UNSIGNED'],
    ],
    [
      'the screening is ineligible',
      { screening: screening('ineligible') },
      ['SCREENING_NOT_ELIGIBLE'],
    ],
    [
      'an overridden ineligible screening',
      { screening: screening('ineligible', true) },
      ['SCREENING_NOT_ELIGIBLE'],
    ],
    [
      'the review was not overridden',
      { screening: screening('needs_clinician_review') },
      ['SCREENING_NOT_ELIGIBLE'],
    ],
    [
      'the screening expired (screeningValidityDays)',
      { screening: screening('eligible', false, new Date('2026-03-01T11:59:59Z')) },
      ['SCREENING_EXPIRED'],
    ],
    [
      'the screening assessed another indication',
      { screening: screening('eligible', false, valid, 'ptsd') },
      ['SCREENING_INDICATION_MISMATCH'],
    ],
    [
      'the dose breaks the clinic maximum',
      { doseChecks: [{ check: 'CEILING_EXCEEDS_CLINIC_MAX', message: 'm', overridable: false }] },
      ['CEILING_EXCEEDS_CLINIC_MAX'],
    ],
    [
      'everything is wrong at once',
      {
        prescriberIsActiveClinician: false,
        patientArchived: true,
        screening: screening('ineligible', false, new Date('2026-01-01T00:00:00Z'), 'ocd'),
      },
      [
        'PRESCRIBER_NOT_ACTIVE_CLINICIAN',
        'PATIENT_ARCHIVED',
        'SCREENING_NOT_ELIGIBLE',
        'SCREENING_INDICATION_MISMATCH',
        'SCREENING_EXPIRED',
      ],
    ],
  ])('should refuse (or not) when %s', (_name, change, checks) => {
    const refusals = activationRefusals({ ...ok, ...change });
    expect(refusals.map((r) => r.check)).toEqual(checks);
    expect(refusals.every((r) => !r.overridable)).toBe(true);
  });
});
