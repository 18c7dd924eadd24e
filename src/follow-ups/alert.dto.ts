import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import {
  AlertKind,
  AlertSeverity,
  AlertStatus,
  blocksInfusion,
} from 'src/follow-ups/scoring.rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AlertQueryDto extends PageQueryDto {
  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiProperty({ required: false, enum: AlertStatus, enumName: 'AlertStatus' })
  @IsOptional()
  @IsEnum(AlertStatus)
  status?: AlertStatus;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;
}

export class AcknowledgeAlertDto {
  /** What was done: the review, the safety plan, who was told. */
  @ApiProperty({ example: 'Reviewed with patient; safety plan updated; no current intent.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note!: string;
}

export class AlertResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clinicId!: string;

  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  @ApiProperty({ format: 'uuid' })
  assessmentId!: string;

  /** PHQ9_ITEM9_POSITIVE (severity high), or CSSRS_LOW / CSSRS_MODERATE / CSSRS_HIGH (the screen's risk level). */
  @ApiProperty({ enum: AlertKind, enumName: 'AlertKind' })
  kind!: AlertKind;

  /** `low` is for review only; `moderate` and `high` block an infusion while open. */
  @ApiProperty({ enum: AlertSeverity, enumName: 'AlertSeverity' })
  severity!: AlertSeverity;

  /** Whether, while open, it blocks the patient's infusion (pre-infusion check SUICIDE_RISK_ALERT_UNREVIEWED). */
  blocksInfusion!: boolean;

  @ApiProperty({ enum: AlertStatus, enumName: 'AlertStatus' })
  status!: AlertStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  acknowledgementNote!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  version!: number;
}

export class AlertPageDto extends PageOf(AlertResponseDto) {}

export function mapAlert(a: AlertEntity): AlertResponseDto {
  return {
    id: a.id,
    clinicId: a.clinicId,
    patientId: a.patientId,
    assessmentId: a.assessmentId,
    kind: a.kind,
    severity: a.severity,
    blocksInfusion: blocksInfusion(a.severity),
    status: a.status,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgementNote: a.acknowledgementNote,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    version: a.version,
  };
}
