import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { SessionVitalsEntity, StopThresholdHoldEntity } from 'src/sessions/session.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Corrects the check-in answers before the start (§2.4); at least one of the two, with a reason. */
export class CorrectCheckInDto {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  escortConfirmed?: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  fastingConfirmed?: boolean;

  @ApiProperty({ example: 'Escort called: cannot come; the patient’s sister will drive instead' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;
}

export class CheckInCorrectionDto {
  @ApiProperty({ enum: ['escortConfirmed', 'fastingConfirmed'], enumName: 'CheckInAnswer' })
  field!: 'escortConfirmed' | 'fastingConfirmed';
  from!: boolean;
  to!: boolean;
  reason!: string;
  @ApiProperty({ format: 'uuid' })
  by!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
}

/** A clinician's decision after a reading at a stop threshold during the infusion (§2.3). */
export class StopThresholdDecisionDto {
  /** `stop` ends the infusion as an early stop; `resume` lets it continue. */
  @ApiProperty({ enum: ['stop', 'resume'], enumName: 'StopThresholdDecision' })
  @IsIn(['stop', 'resume'])
  decision!: 'stop' | 'resume';

  /** Why: recorded on the hold with the reading that raised it (and as the stop reason). */
  @ApiProperty({ example: 'Rechecked after 5 min: 150/92, asymptomatic; rate halved' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;

  /** For `stop`: the mg given before the infusion was stopped (as at end). */
  @ApiProperty({ required: false, example: 20.5, minimum: 0, maximum: 2000 })
  @ValidateIf(
    (o: StopThresholdDecisionDto) => o.decision === 'stop' || o.administeredMg !== undefined,
  )
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(2000)
  administeredMg?: number;

  /** For `stop`, as at end: a second staff member who witnessed the waste of the rest. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  wasteWitnessId?: string;
}

export class StopThresholdHoldResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** The reading that raised the hold. */
  @ApiProperty({ format: 'uuid' })
  vitalsId!: string;
  /** Its stop flags, e.g. `SYSTOLIC_AT_STOP`. */
  codes!: string[];
  @ApiProperty({ format: 'date-time' })
  raisedAt!: string;
  /** Null while the hold awaits a clinician's decision. */
  @ApiProperty({ enum: ['stopped', 'resumed'], enumName: 'StopThresholdOutcome', nullable: true })
  decision!: 'stopped' | 'resumed' | null;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  decidedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;
}

export class VitalsAlertDto {
  @ApiProperty({ format: 'uuid' })
  vitalsId!: string;
  @ApiProperty({ format: 'date-time' })
  takenAt!: string;
  /** The highest level among the reading's flags. */
  @ApiProperty({ enum: ['alert', 'stop'], enumName: 'VitalsAlertLevel' })
  level!: 'alert' | 'stop';
  codes!: string[];
}

export function mapStopHold(h: StopThresholdHoldEntity): StopThresholdHoldResponseDto {
  return {
    id: h.id,
    vitalsId: h.vitalsId,
    codes: h.codes,
    raisedAt: h.raisedAt.toISOString(),
    decision: h.decision,
    reason: h.reason,
    decidedBy: h.decidedBy,
    decidedAt: iso(h.decidedAt),
  };
}

/** Readings since the start flagged at alert or stop level (holds are pre-dose), in reading order. */
export function vitalsAlerts(
  vitals: SessionVitalsEntity[],
  startedAt: Date | null,
): VitalsAlertDto[] {
  return vitals
    .filter(
      (v) =>
        startedAt !== null && v.takenAt >= startedAt && v.flags.some((f) => f.level !== 'hold'),
    )
    .map((v) => ({
      vitalsId: v.id,
      takenAt: v.takenAt.toISOString(),
      level: v.flags.some((f) => f.level === 'stop') ? ('stop' as const) : ('alert' as const),
      codes: v.flags.filter((f) => f.level !== 'hold').map((f) => f.code),
    }));
}
