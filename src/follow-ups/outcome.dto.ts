import { ApiProperty } from '@nestjs/swagger';
import {
  AssessmentContext,
  InstrumentCode,
  InstrumentDefinition,
} from 'src/follow-ups/instrument.catalog';
import { IndicationOutcome, InstrumentOutcome, ScorePoint } from 'src/follow-ups/outcome.rules';

export class ScorePointDto {
  @ApiProperty({ format: 'uuid' })
  assessmentId!: string;

  @ApiProperty({ format: 'date-time' })
  administeredAt!: string;

  @ApiProperty({ enum: AssessmentContext, enumName: 'AssessmentContext' })
  context!: AssessmentContext;

  total!: number;

  @ApiProperty({ type: String, nullable: true })
  band!: string | null;
}

export class InstrumentOutcomeDto {
  @ApiProperty({ enum: InstrumentCode, enumName: 'InstrumentCode' })
  instrumentCode!: InstrumentCode;

  instrumentName!: string;

  /** The scale's response threshold (% reduction from baseline). */
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  responseReductionPercent!: number | null;

  /** The scale's remission cutoff (total at or below). */
  @ApiProperty({ type: Number, nullable: true, example: 4 })
  remissionAtOrBelow!: number | null;

  /** The earliest assessment taken in the `baseline` context; null when none was. */
  @ApiProperty({ type: ScorePointDto, nullable: true })
  baseline!: ScorePointDto | null;

  /** The most recent assessment after the baseline (or of all, without one). */
  @ApiProperty({ type: ScorePointDto, nullable: true })
  latest!: ScorePointDto | null;

  /** latest − baseline: negative means fewer symptoms. */
  @ApiProperty({ type: Number, nullable: true, example: -10 })
  change!: number | null;

  /** (baseline − latest) / baseline × 100, one decimal: positive means improvement. Null when baseline is 0. */
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  percentChange!: number | null;

  /** percentChange ≥ responseReductionPercent; null without a baseline > 0 and a later score. */
  @ApiProperty({ type: Boolean, nullable: true })
  response!: boolean | null;

  /** latest ≤ remissionAtOrBelow; null when the scale has no cutoff or nothing was measured. */
  @ApiProperty({ type: Boolean, nullable: true })
  remission!: boolean | null;

  /** Every scored assessment of this instrument, oldest first. */
  @ApiProperty({ type: [ScorePointDto] })
  series!: ScorePointDto[];
}

export class PatientOutcomesDto {
  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  /** One entry per outcome instrument the patient has been assessed with. */
  @ApiProperty({ type: [InstrumentOutcomeDto] })
  instruments!: InstrumentOutcomeDto[];
}

export class IndicationOutcomeDto {
  @ApiProperty({ example: 'treatment_resistant_depression' })
  indication!: string;

  /** The scale the indication is judged on; null when none of ours applies (OCD: Y-BOCS). */
  @ApiProperty({ enum: InstrumentCode, enumName: 'InstrumentCode', nullable: true })
  instrumentCode!: InstrumentCode | null;

  /** Plans of this indication whose induction finished. */
  inductions!: number;

  /** Of those, with a baseline > 0 and a score by the end of induction. */
  responseEvaluable!: number;

  responders!: number;

  @ApiProperty({ type: Number, nullable: true, example: 66.7 })
  responseRatePercent!: number | null;

  /** Of those, with a score by the end of induction on a scale with a remission cutoff. */
  remissionEvaluable!: number;

  remitters!: number;

  @ApiProperty({ type: Number, nullable: true, example: 33.3 })
  remissionRatePercent!: number | null;
}

export class ClinicOutcomesDto {
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;

  /** Scores up to this many days after induction ended count as its result. */
  endOfInductionWindowDays!: number;

  @ApiProperty({ type: [IndicationOutcomeDto] })
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
    remissionAtOrBelow: def.remissionAtOrBelow,
    baseline: o.baseline ? mapPoint(o.baseline) : null,
    latest: o.latest ? mapPoint(o.latest) : null,
    change: o.change,
    percentChange: o.percentChange,
    response: o.response,
    remission: o.remission,
    series: o.series.map(mapPoint),
  };
}

export function mapIndicationOutcome(o: IndicationOutcome): IndicationOutcomeDto {
  return { ...o };
}
