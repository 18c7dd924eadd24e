import type { ClinicSettings } from 'src/clinics/clinic-settings';
import type { GateCheckResult } from 'src/sessions/pre-infusion-gate.rules';

/**
 * Plausible delivery (issue 9 point 3; ../shared/domain/ketamine-clinic.md §1.1: 0.5 mg/kg over
 * 40 minutes by pump at a controlled rate, "respiratory depression mainly with rapid IV pushes"
 * §3.4). Pure: no Nest imports.
 *
 * At end, the mg given is judged against the time actually infused (start to end, pauses left
 * out): faster than the clinic's maximum rate, or much shorter than the protocol, is not a
 * completed infusion. Such an end is refused unless it is recorded as an early stop with its
 * reason, so the chart says what happened. A draw may exceed the planned dose only by the clinic's
 * waste margin.
 */
export interface InfusionEventTime {
  kind: string;
  occurredAt: Date;
}

const MINUTE = 60_000;

/** Minutes between start and end with the paused stretches (pause → resume, or → end) left out. */
export function infusedMinutes(
  startedAt: Date,
  endedAt: Date,
  events: InfusionEventTime[],
): number {
  let paused = 0;
  let pausedSince: number | null = null;
  const sorted = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const e of sorted) {
    const t = Math.min(Math.max(e.occurredAt.getTime(), startedAt.getTime()), endedAt.getTime());
    if (e.kind === 'pause' && pausedSince === null) {
      pausedSince = t;
    } else if (e.kind === 'resume' && pausedSince !== null) {
      paused += t - pausedSince;
      pausedSince = null;
    }
  }
  if (pausedSince !== null) {
    paused += endedAt.getTime() - pausedSince;
  }
  return Math.max(0, (endedAt.getTime() - startedAt.getTime() - paused) / MINUTE);
}

/** mg per kg per hour over `minutes`; Infinity when no time was infused. */
export function averageRateMgPerKgPerHour(mg: number, weightKg: number, minutes: number): number {
  if (mg === 0) {
    return 0;
  }
  return minutes <= 0 ? Number.POSITIVE_INFINITY : mg / weightKg / (minutes / 60);
}

export interface DeliveryInput {
  administeredMg: number;
  weightKg: number;
  infusedMinutes: number;
  protocolMinutes: number;
  settings: Pick<ClinicSettings, 'maxInfusionRateMgPerKgPerHour' | 'minInfusionDurationPercent'>;
}

/** The reasons an end is not a plausible completed infusion (each needs an early stop). */
export function deliveryFailures(input: DeliveryInput): GateCheckResult[] {
  const out: GateCheckResult[] = [];
  const s = input.settings;
  const rate = averageRateMgPerKgPerHour(
    input.administeredMg,
    input.weightKg,
    input.infusedMinutes,
  );
  if (rate > s.maxInfusionRateMgPerKgPerHour) {
    const shown = Number.isFinite(rate) ? `${Math.round(rate * 100) / 100} mg/kg/h` : 'no time';
    out.push({
      check: 'INFUSION_RATE_ABOVE_MAXIMUM',
      message: `${input.administeredMg} mg in ${Math.round(input.infusedMinutes * 10) / 10} minutes infused (${shown}) is faster than the clinic's ${s.maxInfusionRateMgPerKgPerHour} mg/kg/h; record an early stop with its reason`,
      overridable: false,
    });
  }
  const minMinutes = (input.protocolMinutes * s.minInfusionDurationPercent) / 100;
  if (input.infusedMinutes < minMinutes) {
    out.push({
      check: 'INFUSION_SHORTER_THAN_PROTOCOL',
      message: `${Math.round(input.infusedMinutes * 10) / 10} of the protocol's ${input.protocolMinutes} minutes infused (under ${s.minInfusionDurationPercent} %); record an early stop with its reason`,
      overridable: false,
    });
  }
  return out;
}

/** §1.1 by pump at a controlled rate: the rate programmed at start above the clinic's maximum. */
export function rateFailures(
  rateMgPerHour: number,
  weightKg: number,
  settings: Pick<ClinicSettings, 'maxInfusionRateMgPerKgPerHour'>,
): GateCheckResult[] {
  const perKg = rateMgPerHour / weightKg;
  if (perKg <= settings.maxInfusionRateMgPerKgPerHour) {
    return [];
  }
  return [
    {
      check: 'RATE_ABOVE_MAXIMUM',
      message: `${rateMgPerHour} mg/h is ${Math.round(perKg * 100) / 100} mg/kg/h, above the clinic's ${settings.maxInfusionRateMgPerKgPerHour} mg/kg/h`,
      overridable: false,
    },
  ];
}

/** A draw above the planned dose plus the clinic's waste margin is refused (absolute). */
export function drawFailures(
  drawnMg: number,
  plannedDoseMg: number,
  settings: Pick<ClinicSettings, 'drawWasteMarginMg'>,
): GateCheckResult[] {
  const limit = Math.round((plannedDoseMg + settings.drawWasteMarginMg) * 10) / 10;
  if (Math.round(drawnMg * 10) <= Math.round(limit * 10)) {
    return [];
  }
  return [
    {
      check: 'DRAW_EXCEEDS_DOSE',
      message: `${drawnMg} mg drawn for a ${plannedDoseMg} mg dose; the clinic allows at most ${limit} mg (waste margin ${settings.drawWasteMarginMg} mg)`,
      overridable: false,
    },
  ];
}
