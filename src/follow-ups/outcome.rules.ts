// Pure outcome arithmetic (../shared/domain/ketamine-clinic.md §5). No Nest imports.
import { Indication } from 'src/common/domain/indication';
import {
  AssessmentContext,
  InstrumentCode,
  InstrumentDefinition,
} from 'src/follow-ups/instrument.catalog';

export interface ScorePoint {
  assessmentId: string;
  administeredAt: Date;
  context: AssessmentContext;
  total: number | null;
  band: string | null;
}

export interface InstrumentOutcome {
  baseline: ScorePoint | null;
  latest: ScorePoint | null;
  /** latest − baseline (negative = fewer symptoms). */
  change: number | null;
  /** (baseline − latest) / baseline × 100, one decimal (positive = improvement); null when baseline is 0. */
  percentChange: number | null;
  /** ≥ the scale's response threshold reduction from baseline; null when it cannot be judged. */
  response: boolean | null;
  /** latest ≤ the scale's remission cutoff; null when the scale has none or nothing was measured. */
  remission: boolean | null;
  series: ScorePoint[];
}

const byTime = (a: ScorePoint, b: ScorePoint) =>
  a.administeredAt.getTime() - b.administeredAt.getTime() ||
  a.assessmentId.localeCompare(b.assessmentId);

/**
 * Baseline = the earliest assessment taken in the `baseline` context (§5: always compute from the
 * pre-induction baseline). Latest = the most recent assessment taken after it (or, without a
 * baseline, the most recent of all, for remission only). A baseline of 0 cannot fall by a
 * percentage: percentChange and response are then null.
 */
export function instrumentOutcome(
  def: InstrumentDefinition,
  points: ScorePoint[],
): InstrumentOutcome {
  const series = points.filter((p) => p.total !== null).sort(byTime);
  const baselineIndex = series.findIndex((p) => p.context === AssessmentContext.BASELINE);
  const baseline = baselineIndex >= 0 ? (series[baselineIndex] ?? null) : null;
  const after = baselineIndex >= 0 ? series.slice(baselineIndex + 1) : series;
  const latest = after[after.length - 1] ?? null;
  const remission =
    def.remissionAtOrBelow === null || latest === null || latest.total === null
      ? null
      : latest.total <= def.remissionAtOrBelow;
  if (baseline === null || baseline.total === null || latest === null || latest.total === null) {
    return {
      baseline,
      latest,
      change: null,
      percentChange: null,
      response: null,
      remission,
      series,
    };
  }
  const b = baseline.total;
  const l = latest.total;
  const percentChange = b === 0 ? null : Math.round(((b - l) / b) * 1000) / 10;
  // Integer comparison: (b − l) / b ≥ t / 100  ⇔  100 (b − l) ≥ t · b, with no rounding at the edge.
  const response =
    b === 0 || def.responseReductionPercent === null
      ? null
      : 100 * (b - l) >= def.responseReductionPercent * b;
  return { baseline, latest, change: l - b, percentChange, response, remission, series };
}

/** The scale each indication's outcomes are judged on (§1.4 outcome scale column, §5). */
export const PRIMARY_INSTRUMENT: Record<Indication, InstrumentCode | null> = {
  [Indication.TREATMENT_RESISTANT_DEPRESSION]: InstrumentCode.PHQ9,
  [Indication.MAJOR_DEPRESSION]: InstrumentCode.PHQ9,
  [Indication.BIPOLAR_DEPRESSION]: InstrumentCode.PHQ9,
  [Indication.SUICIDAL_IDEATION]: InstrumentCode.PHQ9,
  [Indication.PTSD]: InstrumentCode.PCL5,
  [Indication.GENERALISED_ANXIETY]: InstrumentCode.GAD7,
  [Indication.CHRONIC_PAIN]: InstrumentCode.PAIN_NRS,
  // Y-BOCS is not among the instruments yet.
  [Indication.OCD]: null,
};

/** Scores up to this many days after induction ends count as its end-of-induction result. */
export const END_OF_INDUCTION_WINDOW_DAYS = 7;

export interface InductionCourse {
  patientId: string;
  planId: string;
  indication: string;
  inductionCompletedAt: Date;
}

export interface IndicationOutcome {
  indication: string;
  instrumentCode: InstrumentCode | null;
  /** Plans of this indication whose induction finished. */
  inductions: number;
  /** Of those, how many had a baseline > 0 and a later score (response can be judged). */
  responseEvaluable: number;
  responders: number;
  /** responders / responseEvaluable × 100, one decimal; null when none is evaluable. */
  responseRatePercent: number | null;
  /** How many had a score at the end of induction and a scale with a remission cutoff. */
  remissionEvaluable: number;
  remitters: number;
  remissionRatePercent: number | null;
}

const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);

/**
 * Response and remission among finished inductions, per indication. Each course is judged on its
 * indication's primary scale, with scores up to END_OF_INDUCTION_WINDOW_DAYS after it ended.
 */
export function clinicOutcomes(
  courses: InductionCourse[],
  definitionOf: (code: InstrumentCode) => InstrumentDefinition | undefined,
  pointsOf: (patientId: string, code: InstrumentCode) => ScorePoint[],
): IndicationOutcome[] {
  const byIndication = new Map<string, IndicationOutcome>();
  for (const course of courses) {
    const code = PRIMARY_INSTRUMENT[course.indication as Indication] ?? null;
    const row = byIndication.get(course.indication) ?? {
      indication: course.indication,
      instrumentCode: code,
      inductions: 0,
      responseEvaluable: 0,
      responders: 0,
      responseRatePercent: null,
      remissionEvaluable: 0,
      remitters: 0,
      remissionRatePercent: null,
    };
    byIndication.set(course.indication, row);
    row.inductions += 1;
    const def = code ? definitionOf(code) : undefined;
    if (!code || !def) {
      continue;
    }
    const cutoff =
      course.inductionCompletedAt.getTime() + END_OF_INDUCTION_WINDOW_DAYS * 86_400_000;
    const outcome = instrumentOutcome(
      def,
      pointsOf(course.patientId, code).filter((p) => p.administeredAt.getTime() <= cutoff),
    );
    if (outcome.response !== null) {
      row.responseEvaluable += 1;
      row.responders += outcome.response ? 1 : 0;
    }
    if (outcome.remission !== null) {
      row.remissionEvaluable += 1;
      row.remitters += outcome.remission ? 1 : 0;
    }
  }
  return [...byIndication.values()]
    .map((row) => ({
      ...row,
      responseRatePercent: rate(row.responders, row.responseEvaluable),
      remissionRatePercent: rate(row.remitters, row.remissionEvaluable),
    }))
    .sort((a, b) => a.indication.localeCompare(b.indication));
}
