import { freeStretches } from 'src/sessions/availability.rules';

const t = (hhmm: string) => new Date(`2026-01-05T${hhmm}:00Z`);
const b = (from: string, to: string) => ({ start: t(from), end: t(to) });

// §6: chair time = infusion + recovery; the free stretches between bookings within opening hours.
describe('free chair time', () => {
  it.each([
    [[], [['08:00', '18:00', 600]]],
    [
      [b('09:00', '10:40')],
      [
        ['08:00', '09:00', 60],
        ['10:40', '18:00', 440],
      ],
    ],
    [[b('07:00', '08:30')], [['08:30', '18:00', 570]]],
    [[b('17:00', '19:00')], [['08:00', '17:00', 540]]],
    [
      [b('10:00', '11:00'), b('09:00', '10:30')],
      [
        ['08:00', '09:00', 60],
        ['11:00', '18:00', 420],
      ],
    ],
    [[b('08:00', '18:00')], []],
  ])('should leave %p free as %p', (bookings, expected) => {
    expect(
      freeStretches(t('08:00'), t('18:00'), bookings).map((f) => [
        f.start.slice(11, 16),
        f.end.slice(11, 16),
        f.minutes,
      ]),
    ).toEqual(expected);
  });
});
