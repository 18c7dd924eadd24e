/**
 * Monitoring-gap detection (../shared/domain/ketamine-clinic.md §3.2: vitals every 10 min while
 * infusing, every 15 min in recovery; both clinic settings). Pure: no Nest imports.
 *
 * Within each phase the checkpoints are the phase start, every reading in the phase, and the phase
 * end (or now while it lasts); any stretch between consecutive checkpoints longer than the interval
 * is a gap.
 */
export interface MonitoringGap {
  phase: 'infusion' | 'recovery';
  from: Date;
  to: Date;
  minutes: number;
  allowedMinutes: number;
}

export interface MonitoringInput {
  now: Date;
  infusionStartedAt: Date | null;
  infusionEndedAt: Date | null;
  dischargedAt: Date | null;
  readingTimes: Date[];
  monitoringIntervalMinutes: number;
  recoveryMonitoringIntervalMinutes: number;
}

function gapsIn(
  phase: MonitoringGap['phase'],
  start: Date,
  end: Date,
  readings: Date[],
  allowedMinutes: number,
): MonitoringGap[] {
  const inside = readings
    .filter((t) => t.getTime() > start.getTime() && t.getTime() < end.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  const points = [start, ...inside, end];
  const gaps: MonitoringGap[] = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as Date;
    const to = points[i] as Date;
    const minutes = (to.getTime() - from.getTime()) / 60_000;
    if (minutes > allowedMinutes) {
      gaps.push({ phase, from, to, minutes: Math.round(minutes * 10) / 10, allowedMinutes });
    }
  }
  return gaps;
}

export function monitoringGaps(input: MonitoringInput): MonitoringGap[] {
  if (!input.infusionStartedAt) {
    return [];
  }
  const infusionEnd = input.infusionEndedAt ?? input.now;
  const gaps = gapsIn(
    'infusion',
    input.infusionStartedAt,
    infusionEnd,
    input.readingTimes,
    input.monitoringIntervalMinutes,
  );
  if (input.infusionEndedAt) {
    gaps.push(
      ...gapsIn(
        'recovery',
        input.infusionEndedAt,
        input.dischargedAt ?? input.now,
        input.readingTimes,
        input.recoveryMonitoringIntervalMinutes,
      ),
    );
  }
  return gaps;
}
