// Unit tests of the seed's pure parts: the PRNG, the domain-range generators and COPY encoding.
const { Prng, streamOf } = require('./prng');
const clinical = require('./clinical');
const { field, iso, pgArray, tstzrange } = require('./copy');
const { nurseFor } = require('./calendar');

const draws = (rng, n) => Array.from({ length: n }, () => rng.u32());
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('prng', () => {
  test.each([
    ['same seed, stream and index', ['1', 'patient', 7], ['1', 'patient', 7], true],
    ['another index', ['1', 'patient', 7], ['1', 'patient', 8], false],
    ['another stream', ['1', 'patient', 7], ['1', 'setup', 7], false],
    ['another seed', ['1', 'patient', 7], ['2', 'patient', 7], false],
    ['index above 2^32', ['1', 'patient', 2 ** 32 + 7], ['1', 'patient', 7], false],
  ])('%s', (_, a, b, same) => {
    const x = draws(streamOf(...a), 32);
    const y = draws(streamOf(...b), 32);
    expect(x.join() === y.join()).toBe(same);
  });

  test.each([
    ['int', (r) => r.int(-3, 5), (v) => Number.isInteger(v) && v >= -3 && v <= 5],
    ['float', (r) => r.float(), (v) => v >= 0 && v < 1],
    ['range', (r) => r.range(2, 3), (v) => v >= 2 && v < 3],
    ['normal clamped', (r) => r.normal(10, 50, 0, 20), (v) => v >= 0 && v <= 20],
    ['pick', (r) => r.pick(['a', 'b']), (v) => v === 'a' || v === 'b'],
    ['uuid', (r) => r.uuid(), (v) => UUID_V4.test(v)],
  ])('%s stays in its range', (_, draw, ok) => {
    const rng = new Prng(42);
    for (let i = 0; i < 2000; i += 1) expect(ok(draw(rng))).toBe(true);
  });

  test('uuids of many streams do not repeat', () => {
    const seen = new Set();
    for (let i = 0; i < 2000; i += 1) {
      const rng = streamOf('s', 'patient', i);
      for (let j = 0; j < 20; j += 1) seen.add(rng.uuid());
    }
    expect(seen.size).toBe(40000);
  });

  test('weighted picks follow the weights', () => {
    const rng = new Prng(9);
    let a = 0;
    for (let i = 0; i < 10000; i += 1)
      if (
        rng.weighted([
          [9, 'a'],
          [1, 'b'],
        ]) === 'a'
      )
        a += 1;
    expect(a).toBeGreaterThan(8700);
    expect(a).toBeLessThan(9300);
  });
});

describe('clinical generators stay within the domain ranges', () => {
  const rng = streamOf('unit', 'clinical');
  const many = (fn) => Array.from({ length: 3000 }, () => fn());

  test.each([
    // [what, generator, check] — ranges from migrations/ and ../shared/domain/ketamine-clinic.md
    [
      'body measures within the patients checks',
      () => clinical.bodyMeasures(rng, rng.pick(['female', 'male', 'unknown'])),
      (b) => b.weightKg >= 40 && b.weightKg <= 250 && b.heightCm >= 140 && b.heightCm <= 205,
    ],
    [
      'resting vitals below the pre-dose holds (140/90, HR 50-110, SpO2 ≥ 92)',
      () => clinical.restingVitals(rng),
      (v) =>
        v.systolic <= 140 &&
        v.diastolic <= 90 &&
        v.heartRate >= 50 &&
        v.heartRate <= 110 &&
        v.spo2 >= 92 &&
        v.spo2 <= 100,
    ],
    [
      'infusion readings below the stop thresholds (180/110, HR 120, SpO2 90)',
      () =>
        clinical.readingAt(
          rng,
          clinical.restingVitals(rng),
          rng.int(0, 120),
          rng.pick([40, 60, 120]),
        ),
      (v) =>
        v.systolic < 180 &&
        v.diastolic < 110 &&
        v.heartRate < 120 &&
        v.spo2 >= 90 &&
        v.respiratoryRate >= 2 &&
        v.respiratoryRate <= 60,
    ],
    [
      'plan terms: 0.4-1 mg/kg within the ceiling, 40-150 minutes',
      () => clinical.planTerms(rng, rng.weighted(clinical.INDICATIONS)),
      (t) =>
        t.doseMgPerKg >= 0.4 &&
        t.doseMgPerKg <= t.ceilingMgPerKg &&
        t.ceilingMgPerKg <= 1 &&
        t.infusionMinutes >= 40 &&
        t.infusionMinutes <= 150 &&
        t.inductionPlanned >= 4 &&
        t.inductionPlanned <= 6,
    ],
  ])('%s', (_, generate, ok) => {
    for (const value of many(generate)) expect(ok(value)).toBe(true);
  });

  test.each([
    ['phq9', 0, 27],
    ['gad7', 0, 21],
    ['pcl5', 0, 80],
    ['pain_nrs', 0, 10],
  ])('%s: baseline totals in range and answers adding up to them', (scale, min, max) => {
    const shape = clinical.SCALE_SHAPE[scale];
    for (let i = 0; i < 500; i += 1) {
      const total = clinical.baselineTotal(rng, scale);
      expect(total).toBeGreaterThanOrEqual(min);
      expect(total).toBeLessThanOrEqual(max);
      const answers = clinical.answersFor(rng, shape.items, shape.max, total);
      expect(answers).toHaveLength(shape.items);
      expect(answers.reduce((a, b) => a + b, 0)).toBe(total);
      expect(answers.every((a) => a >= 0 && a <= shape.max)).toBe(true);
    }
  });

  test('scores improve over a course for responders and stay in the scale', () => {
    const profile = { kind: 'responder', effect: 0.7 };
    const after = [0, 3, 6].map((n) =>
      clinical.scoreAfter(streamOf('u', 'score', n), 20, profile, n, 27),
    );
    expect(after[2]).toBeLessThan(after[0]);
    expect(after.every((s) => s >= 0 && s <= 27)).toBe(true);
  });
});

describe('copy encoding', () => {
  test.each([
    [null, '\\N'],
    [undefined, '\\N'],
    ['a\tb\nc\\d\re', 'a\\tb\\nc\\\\d\\re'],
    [12.5, '12.5'],
    [true, 'true'],
    [new Date('2026-01-02T03:04:05.678Z'), '2026-01-02T03:04:05.678Z'],
    [{ a: 'x\ty' }, '{"a":"x\\\\ty"}'],
  ])('field(%p)', (value, text) => expect(field(value)).toBe(text));

  test('instants as toISOString writes them, on the same day or another, before 1970 too', () => {
    const rng = new Prng(7);
    let ms = Date.UTC(1931, 0, 1);
    for (let i = 0; i < 20000; i += 1) {
      ms += rng.chance(0.9) ? rng.int(0, 3600000) : rng.int(-40 * 86400000, 400 * 86400000);
      const date = new Date(ms);
      expect(iso(date)).toBe(date.toISOString());
    }
    expect(iso(new Date(Date.UTC(2026, 11, 31, 23, 59, 59, 999)))).toBe('2026-12-31T23:59:59.999Z');
    expect(() => iso(new Date(NaN))).toThrow(RangeError);
  });

  test('arrays and ranges', () => {
    expect(pgArray(['a', 'b "c"', 'd\\e'])).toBe('{"a","b \\"c\\"","d\\\\e"}');
    expect(tstzrange(new Date(0), null)).toBe('[1970-01-01T00:00:00.000Z,)');
  });
});

test('a nurse watches at most two chairs on any day', () => {
  for (let day = 20000; day < 20030; day += 1) {
    const load = new Map();
    for (let chair = 0; chair < 12; chair += 1) {
      const n = nurseFor(day, chair, 8);
      load.set(n, (load.get(n) ?? 0) + 1);
    }
    expect(Math.max(...load.values())).toBeLessThanOrEqual(2);
  }
});
