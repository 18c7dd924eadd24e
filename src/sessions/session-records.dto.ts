import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Validate, ValidateIf } from 'class-validator';
import { PageOf } from 'src/common/pagination/page.dto';
import {
  BooleanField,
  TextField,
  DateTimeField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  IntField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { IsNotInFuture } from 'src/common/validation/not-in-future.validator';
import { LateEntryReason } from 'src/sessions/late-entry.dto';
import { MonitoringGap } from 'src/sessions/monitoring.rules';
import {
  AdverseEventEntity,
  AdverseEventOutcome,
  AdverseEventSeverity,
  AdverseEventType,
  InfusionAction,
  SessionAddendumEntity,
  SessionVitalsEntity,
} from 'src/sessions/session.entity';

const iso = (d: Date | null) => d?.toISOString() ?? null;

// ---------- requests: what is recorded during a session ----------

export class CreateVitalsDto {
  /**
   * When the reading was taken; defaults to now. Never later than now (5 minutes of clock skew
   * allowed): the gate and discharge use the latest reading taken at or before now.
   */
  @DateTimeField({ optional: true })
  @Validate(IsNotInFuture)
  takenAt?: string;

  @IntField({ min: 40, max: 300, example: 128 }) systolic!: number;

  @IntField({ min: 20, max: 200, example: 82 }) diastolic!: number;

  @IntField({ min: 20, max: 250, example: 74 }) heartRate!: number;

  @IntField({ min: 50, max: 100, example: 98 }) spo2!: number;

  @IntField({ optional: true, min: 2, max: 60, example: 14 }) respiratoryRate?: number;

  /**
   * On the scale of sedationScale (§3.1): MOAA/S 0–5 (5 = responds readily to name; 0 = no
   * response) or RASS −5 to +4 (0 = alert and calm). Out of the scale's range: 400.
   */
  @IntField({ optional: true, min: -5, max: 5 }) sedationScore?: number;

  /** The sedation scale of sedationScore; defaults to MOAA/S. */
  @ApiProperty({ enum: ['moaas', 'rass'], enumName: 'SedationScale', default: 'moaas' })
  @IsOptional()
  @IsIn(['moaas', 'rass'])
  sedationScale?: 'moaas' | 'rass';

  /** Oriented to person, place and time (§4.1); `false` contradicts a discharge that says oriented. */
  @BooleanField({ optional: true }) oriented?: boolean;

  @BooleanField({ optional: true }) dissociationObserved?: boolean;

  @TextField({ optional: true, max: 1000, example: 'Calm, eyes closed, music on' })
  observation?: string;

  /**
   * Required when takenAt is more than the clinic's lateEntryAfterMinutes (15) ago: a late entry
   * (at most lateEntryWindowHours, 72, back). The phase is then judged from takenAt.
   */
  @LateEntryReason()
  lateEntryReason?: string;
}

export class CreateAdverseEventDto {
  @EnumField(AdverseEventType, 'AdverseEventType') type!: AdverseEventType;

  /** Required for type `other`. */
  @ValidateIf(
    (o: CreateAdverseEventDto) => o.type === AdverseEventType.OTHER || o.description !== undefined,
  )
  @TextField({ min: 1, max: 2000 })
  description?: string;

  @EnumField(AdverseEventSeverity, 'AdverseEventSeverity') severity!: AdverseEventSeverity;

  /** Serious per the FDA SAE definition (§3.5); a serious or severe event flags the plan for review. */
  @ApiProperty({ default: false })
  @IsOptional()
  @IsBoolean()
  serious?: boolean;

  @DateTimeField() onsetAt!: string;

  @EnumField(InfusionAction, 'InfusionAction', { optional: true }) infusionAction?: InfusionAction;

  @TextField({ optional: true, max: 2000, example: 'Antiemetic given' })
  intervention?: string;

  @TextField({ optional: true, max: 200, example: 'ondansetron' })
  interventionDrug?: string;

  @TextField({ optional: true, max: 200, example: '4 mg IV' }) interventionDose?: string;

  @EnumField(AdverseEventOutcome, 'AdverseEventOutcome') outcome!: AdverseEventOutcome;

  @DateTimeField({ optional: true }) resolvedAt?: string;
}

export class CreateAddendumDto {
  @TextField({ min: 3, max: 500, example: 'Correction: administered amount' })
  reason!: string;

  @TextField({
    min: 1,
    max: 5000,
    example: 'Administered amount was 36.0 mg, not 36.2 mg (pump log).',
  })
  text!: string;
}

// ---------- responses ----------

export class VitalsFlagDto {
  code!: string;
  @ApiProperty({ enum: ['hold', 'alert', 'stop'], enumName: 'VitalsFlagLevel' })
  level!: string;
  message!: string;
}

export class VitalsResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() sessionId!: string;
  /** Derived from the session status when recorded. */
  @ApiProperty({ enum: ['pre', 'infusion', 'recovery'], enumName: 'VitalsPhase' })
  phase!: string;
  @DateTimeProperty() takenAt!: string;
  systolic!: number;
  diastolic!: number;
  heartRate!: number;
  spo2!: number;
  respiratoryRate!: number | null;
  sedationScore!: number | null;
  @ApiProperty({ enum: ['moaas', 'rass'], enumName: 'SedationScale', nullable: true })
  sedationScale!: 'moaas' | 'rass' | null;
  oriented!: boolean | null;
  /** Set when the reading was entered late; `recordedAt` is when it was entered. */
  lateEntryReason!: string | null;
  @DateTimeProperty() recordedAt!: string;
  dissociationObserved!: boolean | null;
  observation!: string | null;
  /** Threshold flags against the clinic's settings (§2.3). */
  flags!: VitalsFlagDto[];
  @UuidProperty() recordedBy!: string;
}

export class AdverseEventResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() sessionId!: string;
  @EnumProperty(AdverseEventType, 'AdverseEventType') type!: AdverseEventType;
  description!: string | null;
  @EnumProperty(AdverseEventSeverity, 'AdverseEventSeverity') severity!: AdverseEventSeverity;
  serious!: boolean;
  @DateTimeProperty() onsetAt!: string;
  @EnumProperty(InfusionAction, 'InfusionAction', { nullable: true })
  infusionAction!: InfusionAction | null;
  intervention!: string | null;
  interventionDrug!: string | null;
  interventionDose!: string | null;
  @EnumProperty(AdverseEventOutcome, 'AdverseEventOutcome') outcome!: AdverseEventOutcome;
  @DateTimeProperty({ nullable: true }) resolvedAt!: string | null;
  @UuidProperty() recordedBy!: string;
  @DateTimeProperty() createdAt!: string;
}

export class AddendumResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() sessionId!: string;
  @UuidProperty() authorId!: string;
  reason!: string;
  text!: string;
  @DateTimeProperty() createdAt!: string;
}

export class MonitoringGapDto {
  @ApiProperty({ enum: ['infusion', 'recovery'], enumName: 'MonitoringPhase' })
  phase!: string;
  @DateTimeProperty() from!: string;
  @DateTimeProperty() to!: string;
  minutes!: number;
  allowedMinutes!: number;
}

export class VitalsPageDto extends PageOf(VitalsResponseDto) {}
export class AdverseEventPageDto extends PageOf(AdverseEventResponseDto) {}

// ---------- mappers ----------

export function mapVitals(v: SessionVitalsEntity): VitalsResponseDto {
  return {
    id: v.id,
    sessionId: v.sessionId,
    phase: v.phase,
    takenAt: v.takenAt.toISOString(),
    systolic: v.systolic,
    diastolic: v.diastolic,
    heartRate: v.heartRate,
    spo2: v.spo2,
    respiratoryRate: v.respiratoryRate,
    sedationScore: v.sedationScore,
    sedationScale: v.sedationScale,
    oriented: v.oriented,
    lateEntryReason: v.lateEntryReason,
    recordedAt: v.createdAt.toISOString(),
    dissociationObserved: v.dissociationObserved,
    observation: v.observation,
    flags: v.flags,
    recordedBy: v.recordedBy,
  };
}

export function mapAdverseEvent(a: AdverseEventEntity): AdverseEventResponseDto {
  return {
    id: a.id,
    sessionId: a.sessionId,
    type: a.type,
    description: a.description,
    severity: a.severity,
    serious: a.serious,
    onsetAt: a.onsetAt.toISOString(),
    infusionAction: a.infusionAction,
    intervention: a.intervention,
    interventionDrug: a.interventionDrug,
    interventionDose: a.interventionDose,
    outcome: a.outcome,
    resolvedAt: iso(a.resolvedAt),
    recordedBy: a.recordedBy,
    createdAt: a.createdAt.toISOString(),
  };
}

export function mapAddendum(a: SessionAddendumEntity): AddendumResponseDto {
  return {
    id: a.id,
    sessionId: a.sessionId,
    authorId: a.authorId,
    reason: a.reason,
    text: a.text,
    createdAt: a.createdAt.toISOString(),
  };
}

export function mapGap(g: MonitoringGap): MonitoringGapDto {
  return { ...g, from: g.from.toISOString(), to: g.to.toISOString() };
}
