import { monitoringGaps } from 'src/sessions/monitoring.rules';

const t = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, 0) + minute * 60_000);
const base = {
  monitoringIntervalMinutes: 10,
  recoveryMonitoringIntervalMinutes: 15,
  dischargedAt: null,
};

// ../shared/domain/ketamine-clinic.md §3.2: every 10 min infusing, every 15 min in recovery.
describe('monitoring gaps (§3.2)', () => {
  it('should find none before the infusion starts', () => {
    expect(
      monitoringGaps({
        ...base,
        now: t(100),
        infusionStartedAt: null,
        infusionEndedAt: null,
        readingTimes: [],
      }),
    ).toEqual([]);
  });

  it.each([
    // readings (minutes), now, infusion end, expected [phase, fromMin, toMin]
    [[10, 20, 30, 40], 40, 40, []],
    [[10, 25, 35], 40, 40, [['infusion', 10, 25]]],
    [[], 15, null, [['infusion', 0, 15]]],
    [[10, 20, 30], 35, null, []],
    [[10, 20, 30, 40, 55], 70, 40, []],
    [[10, 20, 30, 40], 70, 40, [['recovery', 40, 70]]],
    [[10, 20, 30, 40, 50, 70], 70, 40, [['recovery', 50, 70]]],
  ])(
    'should report gaps for readings %p at minute %p (end %p): %p',
    (readings, now, end, expected) => {
      const gaps = monitoringGaps({
        ...base,
        now: t(now),
        infusionStartedAt: t(0),
        infusionEndedAt: end === null ? null : t(end),
        readingTimes: readings.map(t),
      });
      expect(gaps.map((g) => [g.phase, g.from.getTime(), g.to.getTime()])).toEqual(
        expected.map(([phase, from, to]) => [
          phase,
          t(from as number).getTime(),
          t(to as number).getTime(),
        ]),
      );
    },
  );
});
