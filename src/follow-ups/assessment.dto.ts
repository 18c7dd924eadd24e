import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { AlertResponseDto, mapAlert } from 'src/follow-ups/alert.dto';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import { AssessmentEntity } from 'src/follow-ups/assessment.entity';
import { AssessmentContext, InstrumentCode } from 'src/follow-ups/instrument.catalog';
import { AssessmentFlag } from 'src/follow-ups/scoring.rules';

export class CreateAssessmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId!: string;

  @ApiProperty({ enum: InstrumentCode, enumName: 'InstrumentCode' })
  @IsEnum(InstrumentCode)
  instrumentCode!: InstrumentCode;

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
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  administeredAt?: string;

  @ApiProperty({ enum: AssessmentContext, enumName: 'AssessmentContext' })
  @IsEnum(AssessmentContext)
  context!: AssessmentContext;

  /** The infusion session (of the same patient) this assessment belongs to. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  /** A follow-up of the same patient this assessment was taken at. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  followUpId?: string;
}

export class AssessmentQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ required: false, enum: InstrumentCode, enumName: 'InstrumentCode' })
  @IsOptional()
  @IsEnum(InstrumentCode)
  instrumentCode?: InstrumentCode;

  @ApiProperty({ required: false, enum: AssessmentContext, enumName: 'AssessmentContext' })
  @IsOptional()
  @IsEnum(AssessmentContext)
  context?: AssessmentContext;

  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

export class AssessmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clinicId!: string;

  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  @ApiProperty({ enum: InstrumentCode, enumName: 'InstrumentCode' })
  instrumentCode!: string;

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

  @ApiProperty({ enum: AssessmentFlag, enumName: 'AssessmentFlag', isArray: true })
  flags!: string[];

  @ApiProperty({ enum: AssessmentContext, enumName: 'AssessmentContext' })
  context!: AssessmentContext;

  @ApiProperty({ format: 'date-time' })
  administeredAt!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  followUpId!: string | null;

  @ApiProperty({ format: 'uuid' })
  recordedBy!: string;

  /** Suicide-risk alerts this assessment raised. */
  @ApiProperty({ type: [AlertResponseDto] })
  alerts!: AlertResponseDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

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
