import { findInstrument, InstrumentCode, INSTRUMENTS } from 'src/follow-ups/instrument.catalog';
import {
  AlertKind,
  AlertSeverity,
  AssessmentFlag,
  blocksInfusion,
  cssrsRisk,
  Responses,
  scoreAssessment,
  validateResponses,
} from 'src/follow-ups/scoring.rules';

const def = (code: InstrumentCode) => {
  const found = findInstrument(code);
  if (!found) throw new Error(`no ${code}`);
  return found;
};

// ../shared/domain/ketamine-clinic.md §5: items, ranges, totals, bands.
describe('instrument catalog (§5)', () => {
  it.each([
    [InstrumentCode.PHQ9, 9, 0, 3, 0, 27],
    [InstrumentCode.GAD7, 7, 0, 3, 0, 21],
    [InstrumentCode.PCL5, 20, 0, 4, 0, 80],
    [InstrumentCode.CADSS6, 6, 0, 4, 0, 24],
    [InstrumentCode.PAIN_NRS, 1, 0, 10, 0, 10],
  ])('should define %s with %i items %i-%i and total %i-%i', (code, n, min, max, tMin, tMax) => {
    const d = def(code);
    expect(d.items).toHaveLength(n);
    expect(d.items.every((i) => i.min === min && i.max === max)).toBe(true);
    expect([d.totalMin, d.totalMax]).toEqual([tMin, tMax]);
  });

  it('should cover every total of a banded scale with exactly one band', () => {
    for (const d of INSTRUMENTS.filter((i) => i.bands.length > 0)) {
      for (let t = d.totalMin ?? 0; t <= (d.totalMax ?? 0); t++) {
        expect([d.code, t, d.bands.filter((b) => t >= b.min && t <= b.max).length]).toEqual([
          d.code,
          t,
          1,
        ]);
      }
    }
  });

  it('should carry the LOINC codes of §5, marking the uncertain ones', () => {
    expect(def(InstrumentCode.PHQ9).loincTotal).toEqual({ code: '44261-6', uncertain: false });
    expect(def(InstrumentCode.PHQ9).items[8]?.loinc?.code).toBe('44260-8');
    expect(def(InstrumentCode.PHQ9).loincPanel?.uncertain).toBe(true);
    expect(def(InstrumentCode.GAD7).loincTotal?.code).toBe('70274-6');
    expect(def(InstrumentCode.PCL5).loincTotal).toEqual({ code: '91006-2', uncertain: true });
    expect(def(InstrumentCode.CSSRS_SCREENER).loincPanel).toEqual({
      code: '73831-0',
      uncertain: true,
    });
    expect(def(InstrumentCode.PAIN_NRS).loincTotal?.code).toBe('72514-3');
    expect(def(InstrumentCode.CADSS6).loincTotal).toBeNull();
  });

  it('should find an instrument by code and version', () => {
    expect(findInstrument('phq9', '1')?.code).toBe('phq9');
    expect(findInstrument('phq9', '2')).toBeUndefined();
    expect(findInstrument('madrs')).toBeUndefined();
  });
});

describe('sum scoring and bands (§5 worked examples)', () => {
  it.each<[InstrumentCode, Responses, number, string | null, AssessmentFlag[]]>([
    [InstrumentCode.PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal', []],
    [InstrumentCode.PHQ9, [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal', []],
    [InstrumentCode.PHQ9, [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild', []],
    [InstrumentCode.PHQ9, [2, 2, 1, 1, 1, 1, 1, 0, 0], 9, 'mild', []],
    [
      InstrumentCode.PHQ9,
      [2, 2, 2, 1, 1, 1, 1, 0, 0],
      10,
      'moderate',
      [AssessmentFlag.POSITIVE_SCREEN],
    ],
    [
      InstrumentCode.PHQ9,
      [2, 2, 2, 2, 2, 2, 2, 1, 0],
      15,
      'moderately severe',
      [AssessmentFlag.POSITIVE_SCREEN],
    ],
    [
      InstrumentCode.PHQ9,
      [3, 3, 3, 3, 2, 2, 2, 2, 0],
      20,
      'severe',
      [AssessmentFlag.POSITIVE_SCREEN],
    ],
    [
      InstrumentCode.PHQ9,
      [3, 3, 3, 3, 3, 3, 3, 3, 3],
      27,
      'severe',
      [AssessmentFlag.POSITIVE_SCREEN, AssessmentFlag.SUICIDAL_IDEATION_ITEM],
    ],
    [
      InstrumentCode.PHQ9,
      [0, 0, 0, 0, 0, 0, 0, 0, 1],
      1,
      'minimal',
      [AssessmentFlag.SUICIDAL_IDEATION_ITEM],
    ],
    [InstrumentCode.GAD7, [0, 1, 1, 1, 1, 0, 0], 4, 'minimal', []],
    [InstrumentCode.GAD7, [1, 1, 1, 1, 1, 0, 0], 5, 'mild', []],
    [InstrumentCode.GAD7, [2, 2, 2, 1, 1, 1, 1], 10, 'moderate', [AssessmentFlag.POSITIVE_SCREEN]],
    [InstrumentCode.GAD7, [3, 3, 3, 3, 3, 0, 0], 15, 'severe', [AssessmentFlag.POSITIVE_SCREEN]],
    [InstrumentCode.GAD7, [3, 3, 3, 3, 3, 3, 3], 21, 'severe', [AssessmentFlag.POSITIVE_SCREEN]],
    [InstrumentCode.PCL5, Array<number>(20).fill(1), 20, 'below probable PTSD cutoff', []],
    [
      InstrumentCode.PCL5,
      [...Array<number>(16).fill(2), 1, 0, 0, 0],
      33,
      'probable PTSD',
      [AssessmentFlag.POSITIVE_SCREEN],
    ],
    [
      InstrumentCode.PCL5,
      Array<number>(20).fill(4),
      80,
      'probable PTSD',
      [AssessmentFlag.POSITIVE_SCREEN],
    ],
    [InstrumentCode.CADSS6, [1, 2, 0, 3, 4, 1], 11, null, []],
    [InstrumentCode.CADSS6, [4, 4, 4, 4, 4, 4], 24, null, []],
    [InstrumentCode.PAIN_NRS, [0], 0, 'none', []],
    [InstrumentCode.PAIN_NRS, [3], 3, 'mild', []],
    [InstrumentCode.PAIN_NRS, [4], 4, 'moderate', []],
    [InstrumentCode.PAIN_NRS, [7], 7, 'severe', []],
  ])('should score %s %j as %i (%s)', (code, responses, total, band, flags) => {
    expect(validateResponses(def(code), responses)).toEqual([]);
    const score = scoreAssessment(def(code), responses);
    expect(score.total).toBe(total);
    expect(score.band).toBe(band);
    expect(score.flags).toEqual(flags);
  });

  it.each([1, 2, 3])(
    'should raise a PHQ-9 item 9 alert when item 9 is %i (§5: any score > 0)',
    (item9) => {
      const score = scoreAssessment(def(InstrumentCode.PHQ9), [0, 0, 0, 0, 0, 0, 0, 0, item9]);
      expect(score.alerts).toEqual([
        { kind: AlertKind.PHQ9_ITEM9_POSITIVE, severity: AlertSeverity.HIGH },
      ]);
    },
  );

  it('should raise no alert when PHQ-9 item 9 is 0, however high the total', () => {
    expect(scoreAssessment(def(InstrumentCode.PHQ9), [3, 3, 3, 3, 3, 3, 3, 3, 0]).alerts).toEqual(
      [],
    );
  });
});

describe('C-SSRS screener risk (§5)', () => {
  // items: Q1 wish dead, Q2 active thoughts, Q3 method, Q4 intent, Q5 plan, Q6 lifetime behaviour, Q6b past 3 months
  it.each<[string, Responses, string, AlertKind[]]>([
    ['all no', [0, 0, null, null, null, 0, null], 'none', []],
    ['Q1 only', [1, 0, null, null, null, 0, null], 'low', [AlertKind.CSSRS_LOW]],
    ['Q2 only', [0, 1, 0, 0, 0, 0, null], 'low', [AlertKind.CSSRS_LOW]],
    ['Q1 and Q2 only', [1, 1, 0, 0, 0, 0, null], 'low', [AlertKind.CSSRS_LOW]],
    ['Q3 (method)', [1, 1, 1, 0, 0, 0, null], 'moderate', [AlertKind.CSSRS_MODERATE]],
    [
      'behaviour > 3 months ago',
      [0, 0, null, null, null, 1, 0],
      'moderate',
      [AlertKind.CSSRS_MODERATE],
    ],
    ['Q4 (intent)', [1, 1, 0, 1, 0, 0, null], 'high', [AlertKind.CSSRS_HIGH]],
    ['Q5 (plan + intent)', [1, 1, 1, 1, 1, 0, null], 'high', [AlertKind.CSSRS_HIGH]],
    [
      'behaviour in the past 3 months',
      [0, 0, null, null, null, 1, 1],
      'high',
      [AlertKind.CSSRS_HIGH],
    ],
  ])('should rate %s as %s risk', (_, responses, risk, alerts) => {
    const d = def(InstrumentCode.CSSRS_SCREENER);
    expect(validateResponses(d, responses)).toEqual([]);
    expect(cssrsRisk(responses)).toBe(risk);
    const score = scoreAssessment(d, responses);
    expect(score.total).toBeNull();
    expect(score.band).toBe(risk);
    expect(score.alerts.map((a) => a.kind)).toEqual(alerts);
  });

  it.each<[string, Responses, AlertSeverity]>([
    ['low', [1, 1, 0, 0, 0, 0, null], AlertSeverity.LOW],
    ['moderate', [1, 1, 1, 0, 0, 0, null], AlertSeverity.MODERATE],
    ['high', [1, 1, 1, 1, 0, 0, null], AlertSeverity.HIGH],
  ])('should give a %s screen an alert of severity %s', (_, responses, severity) => {
    expect(scoreAssessment(def(InstrumentCode.CSSRS_SCREENER), responses).alerts).toEqual([
      expect.objectContaining({ severity }),
    ]);
  });

  it('should accept Q3-5 answered "no" instead of skipped when Q2 is no', () => {
    expect(validateResponses(def(InstrumentCode.CSSRS_SCREENER), [1, 0, 0, 0, 0, 0, 0])).toEqual(
      [],
    );
  });

  it.each<[string, Responses, string]>([
    ['Q3 skipped although Q2 is yes', [1, 1, null, 0, 0, 0, null], 'responses[2]'],
    ['Q4 answered yes although Q2 is no', [1, 0, null, 1, null, 0, null], 'responses[3]'],
    ['6b missing although 6 is yes', [0, 0, null, null, null, 1, null], 'responses[6]'],
    ['6b yes although 6 is no', [0, 0, null, null, null, 0, 1], 'responses[6]'],
    ['a value of 2', [2, 0, null, null, null, 0, null], 'responses[0]'],
  ])('should refuse %s, naming %s', (_, responses, field) => {
    const errors = validateResponses(def(InstrumentCode.CSSRS_SCREENER), responses);
    expect(errors.map((e) => e.field)).toEqual([field]);
  });
});

describe('response validation (§5: every item answered, per-item range)', () => {
  it('should refuse the wrong number of items, naming responses', () => {
    const errors = validateResponses(def(InstrumentCode.PHQ9), [0, 0, 0, 0, 0, 0, 0, 0]);
    expect(errors).toEqual([
      { field: 'responses', message: 'phq9 v1 has 9 items; 8 answers were sent' },
    ]);
  });

  it.each<[InstrumentCode, Responses, string[]]>([
    [InstrumentCode.PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 4], ['responses[8]']],
    [InstrumentCode.PHQ9, [-1, 0, 0, 0, 0, 0, 0, 0, 0], ['responses[0]']],
    [InstrumentCode.PHQ9, [0, 1.5, 0, 0, 0, 0, 0, 0, 0], ['responses[1]']],
    [InstrumentCode.PHQ9, [0, 0, null, 0, 0, 0, 0, 0, 9], ['responses[2]', 'responses[8]']],
    [InstrumentCode.PCL5, [...Array<number>(19).fill(0), 5], ['responses[19]']],
    [InstrumentCode.PAIN_NRS, [11], ['responses[0]']],
  ])('should refuse %s %j naming %j', (code, responses, fields) => {
    const errors = validateResponses(def(code), responses);
    expect(errors.map((e) => e.field)).toEqual(fields);
  });

  it('should name the item code in the message', () => {
    const [error] = validateResponses(def(InstrumentCode.PHQ9), [0, 0, 0, 0, 0, 0, 0, 0, 4]);
    expect(error?.message).toBe('responses[8] (phq9_9) must be an integer from 0 to 3');
  });
});

describe('which open alerts block the infusion (§5: blocked until reviewed)', () => {
  it.each<[AlertSeverity, boolean]>([
    // a low C-SSRS screen (Q1/Q2 only) is for review, not a hold
    [AlertSeverity.LOW, false],
    // §5 asks only for Q4/Q5/recent behaviour; moderate blocks too, deliberately conservative
    [AlertSeverity.MODERATE, true],
    // PHQ-9 item 9 > 0 and C-SSRS high
    [AlertSeverity.HIGH, true],
  ])('should let a %s alert block: %s', (severity, blocks) => {
    expect(blocksInfusion(severity)).toBe(blocks);
  });
});
