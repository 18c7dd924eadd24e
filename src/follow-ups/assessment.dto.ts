import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  DateTimeField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { AlertResponseDto, mapAlert } from 'src/follow-ups/alert.dto';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import { AssessmentEntity } from 'src/follow-ups/assessment.entity';
import { AssessmentContext, InstrumentCode } from 'src/follow-ups/instrument.catalog';
import { AssessmentFlag } from 'src/follow-ups/scoring.rules';

export class CreateAssessmentDto {
  @UuidField() patientId!: string;

  @EnumField(InstrumentCode, 'InstrumentCode') instrumentCode!: InstrumentCode;

  /** Defaults to the current version of the instrument. */
  @ApiProperty({ required: false, example: '1' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  instrumentVersion?: string;

  /**
   * One answer per item, in item order (see GET /api/v1/instruments). Integers within each item's
   * range; `null` only for items the instrument lets you skip (C-SSRS 3-5 when 2 is no, 6b when 6 is no).
   */
  @ApiProperty({
    type: 'array',
    items: { type: 'integer', nullable: true },
    example: [1, 2, 1, 0, 1, 2, 1, 0, 0],
  })
  @IsArray()
  @ArrayMaxSize(50)
  responses!: (number | null)[];

  /** When it was taken; defaults to now. Not in the future. */
  @DateTimeField({ optional: true }) administeredAt?: string;

  @EnumField(AssessmentContext, 'AssessmentContext') context!: AssessmentContext;

  /** The infusion session (of the same patient) this assessment belongs to. */
  @UuidField({ optional: true }) sessionId?: string;

  /** A follow-up of the same patient this assessment was taken at. */
  @UuidField({ optional: true }) followUpId?: string;
}

export class AssessmentQueryDto extends PageQueryDto {
  @UuidField({ optional: true }) patientId?: string;

  @EnumField(InstrumentCode, 'InstrumentCode', { optional: true }) instrumentCode?: InstrumentCode;

  @EnumField(AssessmentContext, 'AssessmentContext', { optional: true })
  context?: AssessmentContext;

  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @UuidField({ optional: true }) clinicId?: string;
}

export class AssessmentResponseDto {
  @UuidProperty() id!: string;

  @UuidProperty() clinicId!: string;

  @UuidProperty() patientId!: string;

  @EnumProperty(InstrumentCode, 'InstrumentCode') instrumentCode!: string;

  @ApiProperty({ example: '1' })
  instrumentVersion!: string;

  @ApiProperty({ type: 'array', items: { type: 'integer', nullable: true } })
  responses!: (number | null)[];

  /** Sum of the items; null for the C-SSRS screener (categorical). */
  @ApiProperty({ type: Number, nullable: true, example: 8 })
  total!: number | null;

  /** Severity band, or the C-SSRS risk level (none, low, moderate, high). */
  @ApiProperty({ type: String, nullable: true, example: 'mild' })
  band!: string | null;

  @EnumProperty(AssessmentFlag, 'AssessmentFlag', { isArray: true }) flags!: string[];

  @EnumProperty(AssessmentContext, 'AssessmentContext') context!: AssessmentContext;

  @DateTimeProperty() administeredAt!: string;

  @UuidProperty({ nullable: true }) sessionId!: string | null;

  @UuidProperty({ nullable: true }) followUpId!: string | null;

  @UuidProperty() recordedBy!: string;

  /** Suicide-risk alerts this assessment raised. */
  alerts!: AlertResponseDto[];

  @DateTimeProperty() createdAt!: string;

  @DateTimeProperty() updatedAt!: string;

  version!: number;
}

export class AssessmentPageDto extends PageOf(AssessmentResponseDto) {}

export function mapAssessment(a: AssessmentEntity, alerts: AlertEntity[]): AssessmentResponseDto {
  return {
    id: a.id,
    clinicId: a.clinicId,
    patientId: a.patientId,
    instrumentCode: a.instrumentCode,
    instrumentVersion: a.instrumentVersion,
    responses: a.responses,
    total: a.total,
    band: a.band,
    flags: a.flags,
    context: a.context,
    administeredAt: a.administeredAt.toISOString(),
    sessionId: a.sessionId,
    followUpId: a.followUpId,
    recordedBy: a.recordedBy,
    alerts: alerts.map(mapAlert),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    version: a.version,
  };
}
