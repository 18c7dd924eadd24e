import {
  averageRateMgPerKgPerHour,
  deliveryFailures,
  drawFailures,
  infusedMinutes,
  rateFailures,
} from 'src/sessions/delivery.rules';

const start = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const settings = { maxInfusionRateMgPerKgPerHour: 1.5, minInfusionDurationPercent: 75 };

describe('the pump rate at start (§1.1)', () => {
  it.each<[number, number, string[]]>([
    [54.15, 72.3, []],
    [108.4, 72.3, []],
    [108.5, 72.3, ['RATE_ABOVE_MAXIMUM']],
    [2000, 72.3, ['RATE_ABOVE_MAXIMUM']],
  ])('%s mg/h for %s kg under 1.5 mg/kg/h', (rate, kg, expected) => {
    expect(rateFailures(rate, kg, settings).map((f) => f.check)).toEqual(expected);
  });
});

// ../shared/domain/ketamine-clinic.md §1.1: 0.5 mg/kg over 40 minutes (0.75 mg/kg/h); issue 9 point 3.
describe('plausible delivery (§1.1)', () => {
  it('should leave paused stretches out of the time infused', () => {
    const events = [
      { kind: 'start', occurredAt: at(0) },
      { kind: 'pause', occurredAt: at(10) },
      { kind: 'resume', occurredAt: at(15) },
      { kind: 'pause', occurredAt: at(35) },
    ];
    expect(infusedMinutes(start, at(40), events)).toBe(30);
    expect(infusedMinutes(start, at(40), [])).toBe(40);
  });

  it.each<[string, number, number, string[]]>([
    ['36.1 mg over 40 min for 72.3 kg (0.75 mg/kg/h)', 36.1, 40, []],
    ['36.1 mg over 30 min (exactly 75 % of 40)', 36.1, 30, []],
    ['36.1 mg over 29 min', 36.1, 29, ['INFUSION_SHORTER_THAN_PROTOCOL']],
    [
      'the full dose 0.5 s in (the issue’s push)',
      36.1,
      0.5 / 60,
      ['INFUSION_RATE_ABOVE_MAXIMUM', 'INFUSION_SHORTER_THAN_PROTOCOL'],
    ],
    ['72 mg over 40 min (1.49 mg/kg/h)', 72, 40, []],
    ['73 mg over 40 min (1.51 mg/kg/h)', 73, 40, ['INFUSION_RATE_ABOVE_MAXIMUM']],
  ])('%s', (_label, mg, minutes, expected) => {
    const failures = deliveryFailures({
      administeredMg: mg,
      weightKg: 72.3,
      infusedMinutes: minutes,
      protocolMinutes: 40,
      settings,
    });
    expect(failures.map((f) => f.check)).toEqual(expected);
  });

  it('should have no finite rate when nothing was infused for any time', () => {
    expect(averageRateMgPerKgPerHour(10, 70, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(averageRateMgPerKgPerHour(0, 70, 0)).toBe(0);
  });

  it.each<[number, number, number, string[]]>([
    [36.1, 36.1, 50, []],
    [86.1, 36.1, 50, []],
    [86.2, 36.1, 50, ['DRAW_EXCEEDS_DOSE']],
    [2000, 40, 50, ['DRAW_EXCEEDS_DOSE']],
    [41, 40, 0, ['DRAW_EXCEEDS_DOSE']],
  ])('a draw of %s mg for a %s mg dose with a %s mg margin', (drawn, dose, margin, expected) => {
    expect(drawFailures(drawn, dose, { drawWasteMarginMg: margin }).map((f) => f.check)).toEqual(
      expected,
    );
  });
});
