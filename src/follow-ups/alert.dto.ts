import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  TextField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import {
  AlertKind,
  AlertSeverity,
  AlertStatus,
  blocksInfusion,
} from 'src/follow-ups/scoring.rules';

export class AlertQueryDto extends PageQueryDto {
  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @UuidField({ optional: true }) clinicId?: string;

  @EnumField(AlertStatus, 'AlertStatus', { optional: true }) status?: AlertStatus;

  @UuidField({ optional: true }) patientId?: string;
}

export class AcknowledgeAlertDto {
  /** What was done: the review, the safety plan, who was told. */
  @TextField({
    min: 1,
    max: 4000,
    example: 'Reviewed with patient; safety plan updated; no current intent.',
  })
  note!: string;
}

export class AlertResponseDto {
  @UuidProperty() id!: string;

  @UuidProperty() clinicId!: string;

  @UuidProperty() patientId!: string;

  @UuidProperty() assessmentId!: string;

  /** PHQ9_ITEM9_POSITIVE (severity high), or CSSRS_LOW / CSSRS_MODERATE / CSSRS_HIGH (the screen's risk level). */
  @EnumProperty(AlertKind, 'AlertKind') kind!: AlertKind;

  /** `low` is for review only; `moderate` and `high` block an infusion while open. */
  @EnumProperty(AlertSeverity, 'AlertSeverity') severity!: AlertSeverity;

  /** Whether, while open, it blocks the patient's infusion (pre-infusion check SUICIDE_RISK_ALERT_UNREVIEWED). */
  blocksInfusion!: boolean;

  @EnumProperty(AlertStatus, 'AlertStatus') status!: AlertStatus;

  @UuidProperty({ nullable: true }) acknowledgedBy!: string | null;

  @DateTimeProperty({ nullable: true }) acknowledgedAt!: string | null;

  acknowledgementNote!: string | null;

  @DateTimeProperty() createdAt!: string;

  @DateTimeProperty() updatedAt!: string;

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
