import { ApiProperty } from '@nestjs/swagger';
import {
  DateTimeProperty,
  EnumProperty,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import {
  AssessmentContext,
  InstrumentCode,
  InstrumentDefinition,
} from 'src/follow-ups/instrument.catalog';
import { IndicationOutcome, InstrumentOutcome, ScorePoint } from 'src/follow-ups/outcome.rules';

export class ScorePointDto {
  @UuidProperty() assessmentId!: string;

  @DateTimeProperty() administeredAt!: string;

  @EnumProperty(AssessmentContext, 'AssessmentContext') context!: AssessmentContext;

  total!: number;

  band!: string | null;
}

export class InstrumentOutcomeDto {
  @EnumProperty(InstrumentCode, 'InstrumentCode') instrumentCode!: InstrumentCode;

  instrumentName!: string;

  /** The scale's response threshold (% reduction from baseline): 50. */
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  responseReductionPercent!: number | null;

  /** The scale's meaningful-improvement threshold (% reduction): 30 for PCL-5 and pain NRS, else null. */
  @ApiProperty({ type: Number, nullable: true, example: 30 })
  meaningfulImprovementReductionPercent!: number | null;

  /** The scale's remission cutoff (total at or below). */
  @ApiProperty({ type: Number, nullable: true, example: 4 })
  remissionAtOrBelow!: number | null;

  /**
   * The pre-induction baseline (§5). With a course of care (`inductionStartedAt` of the patient
   * outcomes): the latest assessment in the `baseline` context taken on or before the plan's first
   * induction infusion (or until now while none has been given). Without one: the earliest assessment in the `baseline` context. Null when there is none;
   * then change, response, meaningfulImprovement and remission are null too.
   */
  baseline!: ScorePointDto | null;

  /**
   * The most recent assessment taken after the induction start (with a course of care) or after
   * the baseline (without one); without a baseline, the most recent of all, for display only.
   */
  latest!: ScorePointDto | null;

  /** latest − baseline: negative means fewer symptoms. */
  @ApiProperty({ type: Number, nullable: true, example: -10 })
  change!: number | null;

  /** (baseline − latest) / baseline × 100, one decimal: positive means improvement. Null when baseline is 0. */
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  percentChange!: number | null;

  /** A reduction ≥ responseReductionPercent (50 %); null without a baseline > 0 and a later score. */
  response!: boolean | null;

  /**
   * A reduction ≥ meaningfulImprovementReductionPercent (30 %); null when the scale defines none,
   * or without a baseline > 0 and a later score.
   */
  meaningfulImprovement!: boolean | null;

  /**
   * latest ≤ remissionAtOrBelow, judged only from a baseline above the cutoff and a latest score
   * taken after it; null when the scale has no cutoff, the baseline was already in remission, or
   * either score is missing.
   */
  remission!: boolean | null;

  /** Every scored assessment of this instrument, oldest first. */
  series!: ScorePointDto[];
}

export class PatientOutcomesDto {
  @UuidProperty() patientId!: string;

  /**
   * The course of care outcomes are judged within: the patient's current (or most recent) plan
   * whose induction started; null when the patient has none.
   */
  @UuidProperty({ nullable: true }) planId!: string | null;

  /** That plan's induction start, the anchor for baseline and latest; null without a plan. */
  @DateTimeProperty({ nullable: true }) inductionStartedAt!: string | null;

  /** One entry per outcome instrument the patient has been assessed with. */
  instruments!: InstrumentOutcomeDto[];
}

export class IndicationOutcomeDto {
  @ApiProperty({ example: 'treatment_resistant_depression' })
  indication!: string;

  /** The scale the indication is judged on; null when none of ours applies (OCD: Y-BOCS). */
  @EnumProperty(InstrumentCode, 'InstrumentCode', { nullable: true })
  instrumentCode!: InstrumentCode | null;

  /** Plans of this indication whose induction finished. */
  inductions!: number;

  /**
   * Of those, with a baseline > 0 (the latest `baseline` assessment on or before the plan's
   * induction start) and a score after the induction start, up to endOfInductionWindowDays after
   * induction ended (the latest such score is the result).
   */
  responseEvaluable!: number;

  /** Of the responseEvaluable, with a reduction ≥ 50 % from baseline. */
  responders!: number;

  @ApiProperty({ type: Number, nullable: true, example: 66.7 })
  responseRatePercent!: number | null;

  /** Of the responseEvaluable, with a reduction ≥ the scale's meaningful-improvement threshold (PCL-5, pain: 30 %). */
  meaningfullyImproved!: number;

  /** meaningfullyImproved / responseEvaluable × 100; null when the scale defines no such threshold or none is evaluable. */
  @ApiProperty({ type: Number, nullable: true, example: 80 })
  meaningfulImprovementRatePercent!: number | null;

  /** Of those, evaluable as for response and with a baseline above the scale's remission cutoff. */
  remissionEvaluable!: number;

  remitters!: number;

  @ApiProperty({ type: Number, nullable: true, example: 33.3 })
  remissionRatePercent!: number | null;
}

export class ClinicOutcomesDto {
  @UuidProperty() clinicId!: string;

  /** Scores up to this many days after induction ended count as its result. */
  endOfInductionWindowDays!: number;

  indications!: IndicationOutcomeDto[];
}

const mapPoint = (p: ScorePoint): ScorePointDto => ({
  assessmentId: p.assessmentId,
  administeredAt: p.administeredAt.toISOString(),
  context: p.context,
  total: p.total ?? 0,
  band: p.band,
});

export function mapInstrumentOutcome(
  def: InstrumentDefinition,
  o: InstrumentOutcome,
): InstrumentOutcomeDto {
  return {
    instrumentCode: def.code,
    instrumentName: def.name,
    responseReductionPercent: def.responseReductionPercent,
    meaningfulImprovementReductionPercent: def.meaningfulImprovementReductionPercent,
    remissionAtOrBelow: def.remissionAtOrBelow,
    baseline: o.baseline ? mapPoint(o.baseline) : null,
    latest: o.latest ? mapPoint(o.latest) : null,
    change: o.change,
    percentChange: o.percentChange,
    response: o.response,
    meaningfulImprovement: o.meaningfulImprovement,
    remission: o.remission,
    series: o.series.map(mapPoint),
  };
}

export function mapIndicationOutcome(o: IndicationOutcome): IndicationOutcomeDto {
  return { ...o };
}
