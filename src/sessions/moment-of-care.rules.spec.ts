import { evaluateMomentOfCare, MomentOfCareFacts } from 'src/sessions/moment-of-care.rules';

const booked = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(booked.getTime() + minutes * 60_000);

// Issue 9 point 1; ../shared/domain/ketamine-clinic.md §1.2 (spacing), §3.3 (nurse ratio).
const clear: MomentOfCareFacts = {
  step: 'start',
  now: booked,
  scheduledStart: booked,
  patientOtherSession: null,
  chairOccupants: [],
  nurseOccupied: [],
  infusionsWithinSpacing: [],
  minHoursBetweenInfusions: 24,
  settings: { sessionStartEarlyMinutes: 60, sessionStartLateMinutes: 120, maxPatientsPerNurse: 2 },
};

describe('moment-of-care checks (issue 9, §1.2, §3.3)', () => {
  it('should pass a start at the booked time in a free chair', () => {
    expect(evaluateMomentOfCare(clear)).toEqual([]);
  });

  it.each<[string, Partial<MomentOfCareFacts>, string[]]>([
    ['60 minutes early (the edge)', { now: at(-60) }, []],
    ['61 minutes early', { now: at(-61) }, ['SESSION_OUTSIDE_START_WINDOW']],
    ['120 minutes late (the edge)', { now: at(120) }, []],
    ['121 minutes late', { now: at(121) }, ['SESSION_OUTSIDE_START_WINDOW']],
    ['a booking for tomorrow started now', { now: at(-24 * 60) }, ['SESSION_OUTSIDE_START_WINDOW']],
    [
      'the patient’s previous infusion still running',
      { patientOtherSession: { id: 'p1', status: 'in_progress' } },
      ['PATIENT_IN_ANOTHER_SESSION'],
    ],
    [
      'an infusion started 20 hours ago under a 24-hour plan',
      { infusionsWithinSpacing: [{ id: 's1', startedAt: at(-20 * 60) }] },
      ['INFUSION_SPACING_NOT_MET'],
    ],
    ['another patient in the chair', { chairOccupants: ['c1'] }, ['CHAIR_OCCUPIED']],
    ['the nurse with one patient (limit 2)', { nurseOccupied: ['n1'] }, []],
    ['the nurse at her limit of 2', { nurseOccupied: ['n1', 'n2'] }, ['NURSE_AT_RATIO_LIMIT']],
  ])('at start: %s', (_label, change, expected) => {
    expect(evaluateMomentOfCare({ ...clear, ...change }).map((c) => c.check)).toEqual(expected);
  });

  it('should not judge the chair or the nurse at check-in (the patient is arriving)', () => {
    const checks = evaluateMomentOfCare({
      ...clear,
      step: 'check_in',
      chairOccupants: ['c1'],
      nurseOccupied: ['n1', 'n2'],
    });
    expect(checks).toEqual([]);
  });

  it('should let only the time window be overridden, and name the sessions in the way', () => {
    const checks = evaluateMomentOfCare({
      ...clear,
      now: at(-90),
      chairOccupants: ['c1'],
      nurseOccupied: ['n1', 'n2'],
      patientOtherSession: { id: 'p1', status: 'recovery' },
    });
    expect(checks.map((c) => [c.check, c.overridable, c.conflictingSessionIds])).toEqual([
      ['SESSION_OUTSIDE_START_WINDOW', true, undefined],
      ['PATIENT_IN_ANOTHER_SESSION', false, ['p1']],
      ['CHAIR_OCCUPIED', false, ['c1']],
      ['NURSE_AT_RATIO_LIMIT', false, ['n1', 'n2']],
    ]);
  });

  it('should honour the clinic’s own window and ratio', () => {
    const settings = {
      sessionStartEarlyMinutes: 0,
      sessionStartLateMinutes: 15,
      maxPatientsPerNurse: 3,
    };
    expect(
      evaluateMomentOfCare({ ...clear, settings, now: at(-1), nurseOccupied: ['a', 'b'] }).map(
        (c) => c.check,
      ),
    ).toEqual(['SESSION_OUTSIDE_START_WINDOW']);
  });
});
