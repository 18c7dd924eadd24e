import { computeProgress, ProgressFacts } from 'src/treatment-plans/treatment-plan-progress.rules';

// ../shared/domain/ketamine-clinic.md §1.2 (6 infusions within a 14-21 day window) and §1.3 (boosters every ~4 weeks or as needed).
const DAY = 86_400_000;
const start = new Date('2026-01-01T09:00:00Z');
const base: ProgressFacts = {
  status: 'active',
  statusBeforeHold: null,
  induction: { plannedInfusions: 6, windowDays: 21 },
  maintenance: { intervalDays: 28, plannedInfusions: null, asNeeded: false },
  inductionStartedAt: start,
  firstInductionInfusionAt: null,
  maintenanceStartedAt: null,
  inductionInfusions: 0,
  maintenanceInfusions: 0,
  lastMaintenanceInfusionAt: null,
  now: new Date(start.getTime() + 2 * DAY),
};

describe('computeProgress', () => {
  it('should count induction infusions against the planned count (§1.2)', () => {
    const p = computeProgress({ ...base, inductionInfusions: 3 });
    expect(p).toEqual({
      phase: 'induction',
      infusionsCompleted: 3,
      infusionsPlanned: 6,
      inductionInfusionsCompleted: 3,
      inductionInfusionsPlanned: 6,
      inductionWindowEndsAt: new Date(start.getTime() + 21 * DAY),
      inductionOverrunning: false,
      readyForMaintenance: false,
      nextMaintenanceDueAt: null,
      maintenanceComplete: false,
    });
  });

  it.each([
    ['inside the window, short of the count', 20, 5, false, false],
    ['past the window, short of the count', 22, 5, true, false],
    ['past the window, count reached', 22, 6, false, true],
    ['inside the window, count reached', 10, 6, false, true],
    ['beyond the count', 10, 7, false, true],
  ])('should judge induction %s (day %i, %i done)', (_name, day, done, overrunning, ready) => {
    const p = computeProgress({
      ...base,
      inductionInfusions: done,
      now: new Date(start.getTime() + day * DAY),
    });
    expect(p.inductionOverrunning).toBe(overrunning);
    expect(p.readyForMaintenance).toBe(ready);
  });

  it('should not call a finished or draft plan overrunning or ready, nor give it a phase', () => {
    for (const status of ['completed', 'discontinued', 'draft'] as const) {
      const p = computeProgress({
        ...base,
        status,
        inductionInfusions: 2,
        now: new Date(start.getTime() + 40 * DAY),
      });
      expect([p.inductionOverrunning, p.readyForMaintenance, p.phase]).toEqual([
        false,
        false,
        null,
      ]);
    }
  });

  it('should count the §1.2 window from the first induction infusion, from activation until one is recorded', () => {
    const firstInfusion = new Date(start.getTime() + 5 * DAY);
    expect(computeProgress(base).inductionWindowEndsAt).toEqual(
      new Date(start.getTime() + 21 * DAY),
    );
    const later = computeProgress({
      ...base,
      firstInductionInfusionAt: firstInfusion,
      inductionInfusions: 5,
      now: new Date(start.getTime() + 24 * DAY),
    });
    expect(later.inductionWindowEndsAt).toEqual(new Date(firstInfusion.getTime() + 21 * DAY));
    expect(later.inductionOverrunning).toBe(false);
    const never = computeProgress({ ...base, now: new Date(start.getTime() + 22 * DAY) });
    expect(never.inductionOverrunning).toBe(true);
  });

  const mStart = new Date('2026-02-01T09:00:00Z');
  const maintenance: ProgressFacts = {
    ...base,
    status: 'maintenance',
    inductionInfusions: 6,
    maintenanceStartedAt: mStart,
    now: new Date(mStart.getTime() + DAY),
  };

  it.each<[string, Partial<ProgressFacts>, Date | null, number, number | null, boolean]>([
    [
      'due one interval after maintenance starts (§1.3)',
      {},
      new Date(mStart.getTime() + 28 * DAY),
      0,
      null,
      false,
    ],
    [
      'due one interval after the last booster',
      { maintenanceInfusions: 2, lastMaintenanceInfusionAt: new Date('2026-03-10T09:00:00Z') },
      new Date('2026-04-07T09:00:00Z'),
      2,
      null,
      false,
    ],
    [
      'not scheduled when as-needed (§1.3 boosters)',
      { maintenance: { intervalDays: null, plannedInfusions: null, asNeeded: true } },
      null,
      0,
      null,
      false,
    ],
    [
      'not due once the planned count is done',
      {
        maintenance: { intervalDays: 28, plannedInfusions: 3, asNeeded: false },
        maintenanceInfusions: 3,
        lastMaintenanceInfusionAt: new Date('2026-04-01T09:00:00Z'),
      },
      null,
      3,
      3,
      true,
    ],
    [
      'due while a planned count remains',
      {
        maintenance: { intervalDays: 14, plannedInfusions: 3, asNeeded: false },
        maintenanceInfusions: 1,
        lastMaintenanceInfusionAt: new Date('2026-02-10T09:00:00Z'),
      },
      new Date('2026-02-24T09:00:00Z'),
      1,
      3,
      false,
    ],
  ])('should make maintenance %s', (_name, change, due, done, planned, complete) => {
    const p = computeProgress({ ...maintenance, ...change });
    expect(p.phase).toBe('maintenance');
    expect(p.nextMaintenanceDueAt).toEqual(due);
    expect(p.infusionsCompleted).toBe(done);
    expect(p.infusionsPlanned).toBe(planned);
    expect(p.maintenanceComplete).toBe(complete);
    expect(p.readyForMaintenance).toBe(false);
  });

  // The defect: a plan held during maintenance reported its induction counts.
  it.each<[string, Partial<ProgressFacts>, Partial<ReturnType<typeof computeProgress>>]>([
    [
      'held during maintenance keeps the maintenance counts (§1.3)',
      {
        ...maintenance,
        status: 'on_hold',
        statusBeforeHold: 'maintenance',
        maintenance: { intervalDays: 28, plannedInfusions: 4, asNeeded: false },
        maintenanceInfusions: 2,
        lastMaintenanceInfusionAt: new Date('2026-03-01T09:00:00Z'),
      },
      {
        phase: 'maintenance',
        infusionsCompleted: 2,
        infusionsPlanned: 4,
        inductionInfusionsCompleted: 6,
        nextMaintenanceDueAt: null,
        readyForMaintenance: false,
      },
    ],
    [
      'held during induction keeps the induction counts (§1.2), not overrunning while held',
      {
        status: 'on_hold',
        statusBeforeHold: 'active',
        inductionInfusions: 3,
        firstInductionInfusionAt: start,
        now: new Date(start.getTime() + 40 * DAY),
      },
      {
        phase: 'induction',
        infusionsCompleted: 3,
        infusionsPlanned: 6,
        inductionOverrunning: false,
        readyForMaintenance: false,
      },
    ],
    [
      'held with induction done is not ready until resumed',
      { status: 'on_hold', statusBeforeHold: 'active', inductionInfusions: 6 },
      { phase: 'induction', infusionsCompleted: 6, readyForMaintenance: false },
    ],
    [
      'resumed into induction after a long hold: the window did not pause',
      {
        inductionInfusions: 3,
        firstInductionInfusionAt: start,
        now: new Date(start.getTime() + 40 * DAY),
      },
      { phase: 'induction', inductionOverrunning: true },
    ],
  ])('should report a plan %s', (_name, change, expected) => {
    expect(computeProgress({ ...base, ...change })).toMatchObject(expected);
  });
});
