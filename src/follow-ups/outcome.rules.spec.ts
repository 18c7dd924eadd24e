import { Indication } from 'src/common/domain/indication';
import {
  AssessmentContext,
  findInstrument,
  InstrumentCode,
} from 'src/follow-ups/instrument.catalog';
import { clinicOutcomes, instrumentOutcome, ScorePoint } from 'src/follow-ups/outcome.rules';

const def = (code: InstrumentCode) => {
  const found = findInstrument(code);
  if (!found) throw new Error(`no ${code}`);
  return found;
};
let n = 0;
const point = (
  day: number,
  total: number,
  context: AssessmentContext = AssessmentContext.PRE_SESSION,
): ScorePoint => ({
  assessmentId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  administeredAt: new Date(Date.UTC(2026, 0, 1 + day)),
  context,
  total,
  band: null,
});
const B = AssessmentContext.BASELINE;

// ../shared/domain/ketamine-clinic.md §5: percentChange = (baseline − current) / baseline;
// response = ≥ 50 % reduction for every outcome scale (issue 5); meaningful improvement ≥ 30 %
// for PCL-5 (trials, §1.4) and pain (IMMPACT); remission PHQ-9 / GAD-7 < 5, from a baseline above it.
describe('instrumentOutcome (§5)', () => {
  it.each<
    [
      string,
      InstrumentCode,
      ScorePoint[],
      number | null,
      number | null,
      boolean | null,
      boolean | null,
      boolean | null,
    ]
  >([
    [
      'PHQ-9 20 → 10: exactly 50 %',
      InstrumentCode.PHQ9,
      [point(0, 20, B), point(10, 10)],
      -10,
      50,
      true,
      null,
      false,
    ],
    [
      'PHQ-9 20 → 11: 45 %',
      InstrumentCode.PHQ9,
      [point(0, 20, B), point(10, 11)],
      -9,
      45,
      false,
      null,
      false,
    ],
    [
      'PHQ-9 18 → 4: remission',
      InstrumentCode.PHQ9,
      [point(0, 18, B), point(10, 4)],
      -14,
      77.8,
      true,
      null,
      true,
    ],
    [
      'PHQ-9 18 → 5: not remission',
      InstrumentCode.PHQ9,
      [point(0, 18, B), point(10, 5)],
      -13,
      72.2,
      true,
      null,
      false,
    ],
    [
      'PHQ-9 worse 10 → 15',
      InstrumentCode.PHQ9,
      [point(0, 10, B), point(10, 15)],
      5,
      -50,
      false,
      null,
      false,
    ],
    [
      'PHQ-9 7 → 3: 57.1 %',
      InstrumentCode.PHQ9,
      [point(0, 7, B), point(10, 3)],
      -4,
      57.1,
      true,
      null,
      true,
    ],
    [
      'PHQ-9 4 → 2: baseline already in remission, so remission is not judged',
      InstrumentCode.PHQ9,
      [point(0, 4, B), point(10, 2)],
      -2,
      50,
      true,
      null,
      null,
    ],
    [
      'PHQ-9 5 → 4: baseline just above the cutoff',
      InstrumentCode.PHQ9,
      [point(0, 5, B), point(10, 4)],
      -1,
      20,
      false,
      null,
      true,
    ],
    [
      'GAD-7 15 → 7: 53.3 %',
      InstrumentCode.GAD7,
      [point(0, 15, B), point(5, 7)],
      -8,
      53.3,
      true,
      null,
      false,
    ],
    [
      'PCL-5 50 → 35: exactly 30 %, meaningful but no response',
      InstrumentCode.PCL5,
      [point(0, 50, B), point(5, 35)],
      -15,
      30,
      false,
      true,
      null,
    ],
    [
      'PCL-5 50 → 36: 28 %',
      InstrumentCode.PCL5,
      [point(0, 50, B), point(5, 36)],
      -14,
      28,
      false,
      false,
      null,
    ],
    [
      'PCL-5 50 → 25: exactly 50 %',
      InstrumentCode.PCL5,
      [point(0, 50, B), point(5, 25)],
      -25,
      50,
      true,
      true,
      null,
    ],
    [
      'pain 10 → 7: 30 %, meaningful but no response',
      InstrumentCode.PAIN_NRS,
      [point(0, 10, B), point(5, 7)],
      -3,
      30,
      false,
      true,
      null,
    ],
    [
      'pain 10 → 5: 50 %',
      InstrumentCode.PAIN_NRS,
      [point(0, 10, B), point(5, 5)],
      -5,
      50,
      true,
      true,
      null,
    ],
    [
      'baseline 0: no percent, no response, no remission',
      InstrumentCode.PHQ9,
      [point(0, 0, B), point(5, 2)],
      2,
      null,
      null,
      null,
      null,
    ],
  ])(
    'should compute %s',
    (_, code, points, change, percent, response, meaningfulImprovement, remission) => {
      const outcome = instrumentOutcome(def(code), points);
      expect(outcome.change).toBe(change);
      expect(outcome.percentChange).toBe(percent);
      expect(outcome.response).toBe(response);
      expect(outcome.meaningfulImprovement).toBe(meaningfulImprovement);
      expect(outcome.remission).toBe(remission);
    },
  );

  it('should use the earliest baseline-context assessment and the most recent one after it', () => {
    const first = point(1, 22, B);
    const points = [point(0, 25), first, point(2, 21, B), point(5, 12), point(9, 8)];
    const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), [...points].reverse());
    expect(outcome.baseline?.assessmentId).toBe(first.assessmentId);
    expect(outcome.latest?.total).toBe(8);
    expect(outcome.change).toBe(-14);
    expect(outcome.series.map((p) => p.total)).toEqual([25, 22, 21, 12, 8]);
  });

  it('should judge nothing without a baseline, remission included, but still show the latest', () => {
    const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), [point(0, 12), point(4, 3)]);
    expect(outcome.baseline).toBeNull();
    expect(outcome.latest?.total).toBe(3);
    expect([
      outcome.change,
      outcome.percentChange,
      outcome.response,
      outcome.meaningfulImprovement,
      outcome.remission,
    ]).toEqual([null, null, null, null, null]);
  });

  it('should give no latest when only the baseline was taken', () => {
    const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), [point(0, 12, B)]);
    expect(outcome.latest).toBeNull();
    expect([outcome.change, outcome.response, outcome.remission]).toEqual([null, null, null]);
  });

  describe('within a course of care (§5: from the pre-induction baseline)', () => {
    const start = new Date(Date.UTC(2026, 0, 1 + 10, 12));

    it('should take the latest baseline on or before the induction start and the latest score after it', () => {
      const previousCourse = point(0, 25, B);
      const current = point(8, 16, B);
      const points = [
        previousCourse,
        point(3, 6),
        current,
        // pre-induction, not a result of this course
        point(9, 2),
        point(12, 12),
        point(20, 7),
      ];
      const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), points, {
        inductionStartedAt: start,
      });
      expect(outcome.baseline?.assessmentId).toBe(current.assessmentId);
      expect(outcome.latest?.total).toBe(7);
      expect([outcome.change, outcome.percentChange, outcome.response, outcome.remission]).toEqual([
        -9,
        56.3,
        true,
        false,
      ]);
      expect(outcome.series).toHaveLength(6);
    });

    it('should not take a baseline recorded after the induction start', () => {
      const outcome = instrumentOutcome(
        def(InstrumentCode.PHQ9),
        [point(9, 3), point(12, 20, B), point(20, 4)],
        { inductionStartedAt: start },
      );
      expect(outcome.baseline).toBeNull();
      expect(outcome.latest?.total).toBe(4);
      expect([outcome.response, outcome.remission]).toEqual([null, null]);
    });

    it('should take a baseline scored after activation up to the first induction infusion', () => {
      // Clinics often score the baseline at the first infusion visit (§2.4 pre-session scales).
      const firstInfusion = new Date(Date.UTC(2026, 0, 1 + 12, 12));
      const outcome = instrumentOutcome(
        def(InstrumentCode.PHQ9),
        [point(12, 20, B), point(14, 15), point(20, 8)],
        { inductionStartedAt: start, baselineUntil: firstInfusion },
      );
      expect(outcome.baseline?.total).toBe(20);
      expect(outcome.latest?.total).toBe(8);
      expect([outcome.percentChange, outcome.response]).toEqual([60, true]);
    });

    it('should not take a baseline scored after the first induction infusion', () => {
      const firstInfusion = new Date(Date.UTC(2026, 0, 1 + 12));
      const outcome = instrumentOutcome(
        def(InstrumentCode.PHQ9),
        [point(14, 20, B), point(20, 8)],
        { inductionStartedAt: start, baselineUntil: firstInfusion },
      );
      expect(outcome.baseline).toBeNull();
      expect(outcome.response).toBeNull();
    });

    it('should judge nothing when no score followed the induction start', () => {
      const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), [point(0, 20, B), point(9, 3)], {
        inductionStartedAt: start,
      });
      expect(outcome.baseline?.total).toBe(20);
      expect(outcome.latest).toBeNull();
      expect([outcome.response, outcome.remission]).toEqual([null, null]);
    });

    it('should ignore scores after latestUntil', () => {
      const outcome = instrumentOutcome(
        def(InstrumentCode.PHQ9),
        [point(0, 20, B), point(15, 14), point(30, 2)],
        { inductionStartedAt: start, latestUntil: new Date(Date.UTC(2026, 0, 1 + 20)) },
      );
      expect(outcome.latest?.total).toBe(14);
      expect(outcome.response).toBe(false);
    });
  });
});

describe('clinicOutcomes (§5 response / remission rates by indication)', () => {
  const started = new Date(Date.UTC(2026, 0, 3));
  const completed = new Date(Date.UTC(2026, 0, 20));
  const points = new Map<string, ScorePoint[]>([
    // responder and remitter
    ['p1:phq9', [point(0, 20, B), point(19, 4)]],
    // responder, not remitter
    ['p2:phq9', [point(0, 20, B), point(19, 8)]],
    // non-responder; its later score (after the 7-day window) must not count
    ['p3:phq9', [point(0, 20, B), point(19, 15), point(40, 2)]],
    // no baseline: not evaluable at all (remission needs a baseline too)
    ['p4:phq9', [point(19, 3)]],
    // PTSD 60 → 40 (33 %): meaningful improvement, not a response
    ['p5:pcl5', [point(0, 60, B), point(19, 40)]],
    // PTSD 60 → 30 (50 %): response and meaningful improvement
    ['p7:pcl5', [point(0, 60, B), point(19, 30)]],
    // only pre-induction scores: baseline but no result
    ['p8:phq9', [point(0, 22, B), point(1, 3)]],
    // baseline already in remission: response judged, remission not
    ['p9:phq9', [point(0, 4, B), point(19, 2)]],
    // an earlier course's baseline (25) is not this plan's (10): 10 → 6 is no response
    ['p10:phq9', [point(-100, 25, B), point(0, 10, B), point(19, 6)]],
    // a plan without a recorded induction start: counted, not evaluable
    ['p11:phq9', [point(0, 20, B), point(19, 4)]],
  ]);
  const courses = [
    ['p1', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p2', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p3', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p4', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p5', Indication.PTSD],
    ['p6', Indication.OCD],
    ['p7', Indication.PTSD],
    ['p8', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p9', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p10', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p11', Indication.TREATMENT_RESISTANT_DEPRESSION],
  ].map(([patientId, indication]) => ({
    patientId: patientId ?? '',
    planId: `plan-${patientId}`,
    indication: indication ?? '',
    inductionStartedAt: patientId === 'p11' ? null : started,
    firstInductionInfusionAt: null,
    inductionCompletedAt: completed,
  }));

  it('should count inductions, evaluable courses, responders, meaningful improvement and remitters with rates', () => {
    const result = clinicOutcomes(
      courses,
      (code) => findInstrument(code),
      (patientId, code) => points.get(`${patientId}:${code}`) ?? [],
    );
    expect(result).toEqual([
      {
        indication: 'ocd',
        instrumentCode: null,
        inductions: 1,
        responseEvaluable: 0,
        responders: 0,
        responseRatePercent: null,
        meaningfullyImproved: 0,
        meaningfulImprovementRatePercent: null,
        remissionEvaluable: 0,
        remitters: 0,
        remissionRatePercent: null,
      },
      {
        indication: 'ptsd',
        instrumentCode: 'pcl5',
        inductions: 2,
        responseEvaluable: 2,
        responders: 1,
        responseRatePercent: 50,
        meaningfullyImproved: 2,
        meaningfulImprovementRatePercent: 100,
        remissionEvaluable: 0,
        remitters: 0,
        remissionRatePercent: null,
      },
      {
        indication: 'treatment_resistant_depression',
        instrumentCode: 'phq9',
        inductions: 8,
        responseEvaluable: 5,
        responders: 3,
        responseRatePercent: 60,
        meaningfullyImproved: 0,
        meaningfulImprovementRatePercent: null,
        remissionEvaluable: 4,
        remitters: 1,
        remissionRatePercent: 25,
      },
    ]);
  });
});
