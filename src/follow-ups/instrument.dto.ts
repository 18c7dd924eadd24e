import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty } from 'src/common/validation/field.decorators';
import { InstrumentCode, InstrumentDefinition } from 'src/follow-ups/instrument.catalog';

export class LoincCodeDto {
  @ApiProperty({ example: '44261-6' })
  code!: string;

  /** True where the domain reference marks the code uncertain (not verified on loinc.org). */
  uncertain!: boolean;
}

export class InstrumentItemDto {
  @ApiProperty({ example: 'phq9_9' })
  code!: string;

  /** 1-based position; the answer goes at `responses[number - 1]`. */
  number!: number;

  label!: string;
  min!: number;
  max!: number;

  @ApiProperty({ enum: ['scale', 'yes_no'] })
  kind!: 'scale' | 'yes_no';

  loinc!: LoincCodeDto | null;
}

export class SeverityBandDto {
  @ApiProperty({ example: 'moderate' })
  label!: string;

  min!: number;
  max!: number;
}

export class InstrumentResponseDto {
  @EnumProperty(InstrumentCode, 'InstrumentCode') code!: InstrumentCode;

  @ApiProperty({ example: '1' })
  version!: string;

  name!: string;

  @ApiProperty({ enum: ['self', 'clinician', 'clinician_or_self'] })
  rater!: string;

  recallPeriod!: string;

  /** `sum`: total = sum of items; `cssrs_risk`: categorical risk level, no total. */
  @ApiProperty({ enum: ['sum', 'cssrs_risk'] })
  scoring!: string;

  items!: InstrumentItemDto[];

  totalMin!: number | null;

  totalMax!: number | null;

  bands!: SeverityBandDto[];

  /** A total at or above this is a positive screen. */
  positiveScreenAtOrAbove!: number | null;

  /** Response = at least this % reduction from baseline: 50 for every outcome scale; null when the scale is not an outcome. */
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  responseReductionPercent!: number | null;

  /**
   * Meaningful improvement = at least this % reduction from baseline, for scales with such a
   * convention (PCL-5 30, the trial convention; pain NRS 30, IMMPACT moderate); null otherwise.
   */
  @ApiProperty({ type: Number, nullable: true, example: 30 })
  meaningfulImprovementReductionPercent!: number | null;

  /** Remission = a total at or below this. */
  remissionAtOrBelow!: number | null;

  /** Whether patient outcomes (change, response, remission) are computed for it. */
  outcomeMeasure!: boolean;

  loincTotal!: LoincCodeDto | null;

  loincPanel!: LoincCodeDto | null;

  notes!: string;
}

/** The list shape every list answers; the catalogue is short and comes in one page. */
export class InstrumentListDto {
  data!: InstrumentResponseDto[];

  /** Always null: every instrument is on this one page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

export function mapInstrument(def: InstrumentDefinition): InstrumentResponseDto {
  return {
    ...def,
    items: def.items.map((i) => ({ ...i })),
    bands: def.bands.map((b) => ({ ...b })),
  };
}
