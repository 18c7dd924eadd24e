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
// response = ≥ 50 % reduction (depression/anxiety), ≥ 30 % (PCL-5 trials, pain IMMPACT);
// remission PHQ-9 / GAD-7 < 5.
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
    ]
  >([
    [
      'PHQ-9 20 → 10: exactly 50 %',
      InstrumentCode.PHQ9,
      [point(0, 20, B), point(10, 10)],
      -10,
      50,
      true,
      false,
    ],
    [
      'PHQ-9 20 → 11: 45 %',
      InstrumentCode.PHQ9,
      [point(0, 20, B), point(10, 11)],
      -9,
      45,
      false,
      false,
    ],
    [
      'PHQ-9 18 → 4: remission',
      InstrumentCode.PHQ9,
      [point(0, 18, B), point(10, 4)],
      -14,
      77.8,
      true,
      true,
    ],
    [
      'PHQ-9 18 → 5: not remission',
      InstrumentCode.PHQ9,
      [point(0, 18, B), point(10, 5)],
      -13,
      72.2,
      true,
      false,
    ],
    [
      'PHQ-9 worse 10 → 15',
      InstrumentCode.PHQ9,
      [point(0, 10, B), point(10, 15)],
      5,
      -50,
      false,
      false,
    ],
    [
      'PHQ-9 7 → 3: 57.1 %',
      InstrumentCode.PHQ9,
      [point(0, 7, B), point(10, 3)],
      -4,
      57.1,
      true,
      true,
    ],
    [
      'GAD-7 15 → 7: 53.3 %',
      InstrumentCode.GAD7,
      [point(0, 15, B), point(5, 7)],
      -8,
      53.3,
      true,
      false,
    ],
    [
      'PCL-5 50 → 35: exactly 30 %',
      InstrumentCode.PCL5,
      [point(0, 50, B), point(5, 35)],
      -15,
      30,
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
      null,
    ],
    [
      'pain 10 → 7: 30 %',
      InstrumentCode.PAIN_NRS,
      [point(0, 10, B), point(5, 7)],
      -3,
      30,
      true,
      null,
    ],
    [
      'baseline 0: no percent, no response',
      InstrumentCode.PHQ9,
      [point(0, 0, B), point(5, 2)],
      2,
      null,
      null,
      true,
    ],
  ])('should compute %s', (_, code, points, change, percent, response, remission) => {
    const outcome = instrumentOutcome(def(code), points);
    expect(outcome.change).toBe(change);
    expect(outcome.percentChange).toBe(percent);
    expect(outcome.response).toBe(response);
    expect(outcome.remission).toBe(remission);
  });

  it('should use the earliest baseline-context assessment and the most recent one after it', () => {
    const first = point(1, 22, B);
    const points = [point(0, 25), first, point(2, 21, B), point(5, 12), point(9, 8)];
    const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), [...points].reverse());
    expect(outcome.baseline?.assessmentId).toBe(first.assessmentId);
    expect(outcome.latest?.total).toBe(8);
    expect(outcome.change).toBe(-14);
    expect(outcome.series.map((p) => p.total)).toEqual([25, 22, 21, 12, 8]);
  });

  it('should give no change or response without a baseline, but still judge remission', () => {
    const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), [point(0, 12), point(4, 3)]);
    expect(outcome.baseline).toBeNull();
    expect(outcome.latest?.total).toBe(3);
    expect([outcome.change, outcome.percentChange, outcome.response]).toEqual([null, null, null]);
    expect(outcome.remission).toBe(true);
  });

  it('should give no latest when only the baseline was taken', () => {
    const outcome = instrumentOutcome(def(InstrumentCode.PHQ9), [point(0, 12, B)]);
    expect(outcome.latest).toBeNull();
    expect([outcome.change, outcome.response, outcome.remission]).toEqual([null, null, null]);
  });
});

describe('clinicOutcomes (§5 response / remission rates by indication)', () => {
  const completed = new Date(Date.UTC(2026, 0, 20));
  const points = new Map<string, ScorePoint[]>([
    // responder and remitter
    ['p1:phq9', [point(0, 20, B), point(19, 4)]],
    // responder, not remitter
    ['p2:phq9', [point(0, 20, B), point(19, 8)]],
    // non-responder; its later score (after the 7-day window) must not count
    ['p3:phq9', [point(0, 20, B), point(19, 15), point(40, 2)]],
    // no baseline: remission evaluable only
    ['p4:phq9', [point(19, 3)]],
    // PTSD responder (≥ 30 %)
    ['p5:pcl5', [point(0, 60, B), point(19, 40)]],
  ]);
  const courses = [
    ['p1', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p2', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p3', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p4', Indication.TREATMENT_RESISTANT_DEPRESSION],
    ['p5', Indication.PTSD],
    ['p6', Indication.OCD],
  ].map(([patientId, indication]) => ({
    patientId: patientId ?? '',
    planId: `plan-${patientId}`,
    indication: indication ?? '',
    inductionCompletedAt: completed,
  }));

  it('should count inductions, evaluable courses, responders and remitters with rates', () => {
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
        remissionEvaluable: 0,
        remitters: 0,
        remissionRatePercent: null,
      },
      {
        indication: 'ptsd',
        instrumentCode: 'pcl5',
        inductions: 1,
        responseEvaluable: 1,
        responders: 1,
        responseRatePercent: 100,
        remissionEvaluable: 0,
        remitters: 0,
        remissionRatePercent: null,
      },
      {
        indication: 'treatment_resistant_depression',
        instrumentCode: 'phq9',
        inductions: 4,
        responseEvaluable: 3,
        responders: 2,
        responseRatePercent: 66.7,
        remissionEvaluable: 4,
        remitters: 2,
        remissionRatePercent: 50,
      },
    ]);
  });
});
