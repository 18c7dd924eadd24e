import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import {
  BooleanField,
  TextField,
  DateTimeProperty,
  DecimalField,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { SessionVitalsEntity, StopThresholdHoldEntity } from 'src/sessions/session.entity';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Corrects the check-in answers before the start (§2.4); at least one of the two, with a reason. */
export class CorrectCheckInDto {
  @BooleanField({ optional: true }) escortConfirmed?: boolean;

  @BooleanField({ optional: true }) fastingConfirmed?: boolean;

  @TextField({
    min: 3,
    max: 1000,
    example: 'Escort called: cannot come; the patient’s sister will drive instead',
  })
  reason!: string;
}

export class CheckInCorrectionDto {
  @ApiProperty({ enum: ['escortConfirmed', 'fastingConfirmed'], enumName: 'CheckInAnswer' })
  field!: 'escortConfirmed' | 'fastingConfirmed';
  from!: boolean;
  to!: boolean;
  reason!: string;
  @UuidProperty() by!: string;
  @DateTimeProperty() at!: string;
}

/** A clinician's decision after a reading at a stop threshold during the infusion (§2.3). */
export class StopThresholdDecisionDto {
  /** `stop` ends the infusion as an early stop; `resume` lets it continue. */
  @ApiProperty({ enum: ['stop', 'resume'], enumName: 'StopThresholdDecision' })
  @IsIn(['stop', 'resume'])
  decision!: 'stop' | 'resume';

  /** Why: recorded on the hold with the reading that raised it (and as the stop reason). */
  @TextField({
    min: 3,
    max: 1000,
    example: 'Rechecked after 5 min: 150/92, asymptomatic; rate halved',
  })
  reason!: string;

  /** For `stop`: the mg given before the infusion was stopped (as at end). */
  @ValidateIf(
    (o: StopThresholdDecisionDto) => o.decision === 'stop' || o.administeredMg !== undefined,
  )
  @DecimalField({ places: 1, min: 0, max: 2000, example: 20.5 })
  administeredMg?: number;

  /** For `stop`, as at end: a second staff member who witnessed the waste of the rest. */
  @UuidField({ optional: true }) wasteWitnessId?: string;
}

export class StopThresholdHoldResponseDto {
  @UuidProperty() id!: string;
  /** The reading that raised the hold. */
  @UuidProperty() vitalsId!: string;
  /** Its stop flags, e.g. `SYSTOLIC_AT_STOP`. */
  codes!: string[];
  @DateTimeProperty() raisedAt!: string;
  /** Null while the hold awaits a clinician's decision. */
  @ApiProperty({ enum: ['stopped', 'resumed'], enumName: 'StopThresholdOutcome', nullable: true })
  decision!: 'stopped' | 'resumed' | null;
  reason!: string | null;
  @UuidProperty({ nullable: true }) decidedBy!: string | null;
  @DateTimeProperty({ nullable: true }) decidedAt!: string | null;
}

export class VitalsAlertDto {
  @UuidProperty() vitalsId!: string;
  @DateTimeProperty() takenAt!: string;
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
