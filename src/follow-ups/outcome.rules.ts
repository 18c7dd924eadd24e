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
  /** ≥ the scale's meaningful-improvement threshold; null when it has none or it cannot be judged. */
  meaningfulImprovement: boolean | null;
  /**
   * latest ≤ the scale's remission cutoff, judged only from a baseline above the cutoff (a patient
   * who started in remission has not remitted); null when the scale has none or it cannot be judged.
   */
  remission: boolean | null;
  series: ScorePoint[];
}

/** A course of care (treatment plan) to judge outcomes within. */
export interface CourseWindow {
  /**
   * The plan's induction start (activation). Baseline = the latest `baseline`-context score taken
   * on or before `baselineUntil` (default: this); latest = the most recent score taken after both
   * the start and the baseline (§5: from the pre-induction baseline).
   */
  inductionStartedAt: Date;
  /**
   * Until when a baseline may be taken: the first induction infusion (clinics often score the
   * baseline at that first visit, after activation), or now while none has been given.
   */
  baselineUntil?: Date;
  /** When given, only scores taken on or before it can be the latest (end of induction). */
  latestUntil?: Date;
}

const byTime = (a: ScorePoint, b: ScorePoint) =>
  a.administeredAt.getTime() - b.administeredAt.getTime() ||
  a.assessmentId.localeCompare(b.assessmentId);

const at = (p: ScorePoint) => p.administeredAt.getTime();

/** Baseline and the scores that may be the latest, oldest first. */
function anchor(
  series: ScorePoint[],
  course: CourseWindow | undefined,
): { baseline: ScorePoint | null; later: ScorePoint[] } {
  if (course) {
    const start = course.inductionStartedAt.getTime();
    const baselineUntil = Math.max(start, course.baselineUntil?.getTime() ?? start);
    const until = course.latestUntil?.getTime() ?? Number.POSITIVE_INFINITY;
    const before = series.filter(
      (p) => p.context === AssessmentContext.BASELINE && at(p) <= baselineUntil,
    );
    const baseline = before[before.length - 1] ?? null;
    const after = Math.max(start, baseline ? at(baseline) : start);
    return {
      baseline,
      later: series.filter((p) => at(p) > after && at(p) <= until),
    };
  }
  const baseline = series.find((p) => p.context === AssessmentContext.BASELINE) ?? null;
  return { baseline, later: baseline ? series.filter((p) => at(p) > at(baseline)) : series };
}

// Integer comparison: (b − l) / b ≥ t / 100  ⇔  100 (b − l) ≥ t · b, with no rounding at the edge.
const reducedBy = (b: number, l: number, threshold: number | null) =>
  b === 0 || threshold === null ? null : 100 * (b - l) >= threshold * b;

/**
 * Within a course (a plan's induction start, see CourseWindow), or without one: baseline = the
 * earliest `baseline`-context assessment, latest = the most recent taken after it. Without a
 * baseline nothing is judged (latest is still given, for display). A baseline of 0 cannot fall by
 * a percentage: percentChange, response and meaningfulImprovement are then null.
 */
export function instrumentOutcome(
  def: InstrumentDefinition,
  points: ScorePoint[],
  course?: CourseWindow,
): InstrumentOutcome {
  const series = points.filter((p) => p.total !== null).sort(byTime);
  const { baseline, later } = anchor(series, course);
  const latest = later[later.length - 1] ?? null;
  if (baseline === null || baseline.total === null || latest === null || latest.total === null) {
    return {
      baseline,
      latest,
      change: null,
      percentChange: null,
      response: null,
      meaningfulImprovement: null,
      remission: null,
      series,
    };
  }
  const b = baseline.total;
  const l = latest.total;
  const cutoff = def.remissionAtOrBelow;
  return {
    baseline,
    latest,
    change: l - b,
    percentChange: b === 0 ? null : Math.round(((b - l) / b) * 1000) / 10,
    response: reducedBy(b, l, def.responseReductionPercent),
    meaningfulImprovement: reducedBy(b, l, def.meaningfulImprovementReductionPercent),
    remission: cutoff === null || b <= cutoff ? null : l <= cutoff,
    series,
  };
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
  /** Null only for a plan that never recorded its start: counted, never evaluable. */
  inductionStartedAt: Date | null;
  /** When the first induction infusion was completed (the baseline may be taken up to it). */
  firstInductionInfusionAt: Date | null;
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
  /** Of the responseEvaluable, how many reached the scale's meaningful-improvement threshold. */
  meaningfullyImproved: number;
  /** meaningfullyImproved / responseEvaluable × 100; null when the scale defines none or none is evaluable. */
  meaningfulImprovementRatePercent: number | null;
  /** How many had a baseline above the scale's remission cutoff and a score by the end of induction. */
  remissionEvaluable: number;
  remitters: number;
  remissionRatePercent: number | null;
}

const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);

/**
 * Response and remission among finished inductions, per indication. Each course is judged on its
 * indication's primary scale: baseline = the latest `baseline` score on or before the plan's
 * first induction infusion, latest = the last score after the start and up to END_OF_INDUCTION_WINDOW_DAYS
 * after induction ended.
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
      meaningfullyImproved: 0,
      meaningfulImprovementRatePercent: null,
      remissionEvaluable: 0,
      remitters: 0,
      remissionRatePercent: null,
    };
    byIndication.set(course.indication, row);
    row.inductions += 1;
    const def = code ? definitionOf(code) : undefined;
    if (!code || !def || !course.inductionStartedAt) {
      continue;
    }
    const outcome = instrumentOutcome(def, pointsOf(course.patientId, code), {
      inductionStartedAt: course.inductionStartedAt,
      baselineUntil: course.firstInductionInfusionAt ?? undefined,
      latestUntil: new Date(
        course.inductionCompletedAt.getTime() + END_OF_INDUCTION_WINDOW_DAYS * 86_400_000,
      ),
    });
    if (outcome.response !== null) {
      row.responseEvaluable += 1;
      row.responders += outcome.response ? 1 : 0;
      row.meaningfullyImproved += outcome.meaningfulImprovement ? 1 : 0;
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
      meaningfulImprovementRatePercent:
        row.instrumentCode &&
        definitionOf(row.instrumentCode)?.meaningfulImprovementReductionPercent
          ? rate(row.meaningfullyImproved, row.responseEvaluable)
          : null,
      remissionRatePercent: rate(row.remitters, row.remissionEvaluable),
    }))
    .sort((a, b) => a.indication.localeCompare(b.indication));
}
