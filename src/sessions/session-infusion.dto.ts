import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BooleanField,
  TextField,
  DateTimeProperty,
  DecimalField,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { LateEntryDto } from 'src/sessions/late-entry.dto';
import { InfusionEventEntity } from 'src/sessions/session.entity';

// ---------- requests: from check-in to discharge ----------

export class GateOverrideDto {
  /** The failed check to override, e.g. `VITALS_SYSTOLIC_ABOVE_HOLD`. */
  @ApiProperty({ example: 'VITALS_SYSTOLIC_ABOVE_HOLD' })
  @IsString()
  @Matches(/^[A-Z0-9_]{2,80}$/)
  check!: string;

  @TextField({
    min: 3,
    max: 1000,
    example: 'Rechecked after 10 min rest: 138/86; baseline 135/85',
  })
  reason!: string;
}

export class CheckInSessionDto extends LateEntryDto {
  /** §2.4: a responsible adult will take the patient home (no driving until the next day). */
  @BooleanField() escortConfirmed!: boolean;

  /** §2.4: fasting as the clinic instructs (commonly 2–4 h without food). */
  @BooleanField() fastingConfirmed!: boolean;

  /**
   * Clinicians only: overrides of relative moment-of-care checks (SESSION_OUTSIDE_START_WINDOW),
   * each with its reason (recorded in gateOverrides).
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GateOverrideDto)
  overrides?: GateOverrideDto[];
}

export class StartSessionDto extends LateEntryDto {
  /** The lot the dose is drawn from (same clinic, not expired). */
  @UuidField() lotId!: string;

  /** mg drawn from the lot; defaults to the computed dose. What is not given is wasted, witnessed. */
  @DecimalField({ optional: true, places: 1, min: 0.1, max: 2000, example: 40 })
  drawnMg?: number;

  /** Pump rate; defaults to the dose spread over the protocol's infusion minutes. */
  @DecimalField({ optional: true, places: 2, min: 0.01, max: 5000, example: 54.3 })
  rateMgPerHour?: number;

  /** Clinicians only: overrides of relative gate checks, each with its reason (recorded). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GateOverrideDto)
  overrides?: GateOverrideDto[];
}

export class InfusionEventDto extends LateEntryDto {
  @ApiProperty({ enum: ['pause', 'resume', 'rate_change'], enumName: 'InfusionEventKind' })
  @IsIn(['pause', 'resume', 'rate_change'])
  kind!: 'pause' | 'resume' | 'rate_change';

  /** Required for a pause. */
  @ValidateIf((o: InfusionEventDto) => o.kind === 'pause' || o.reason !== undefined)
  @TextField({ min: 1, max: 1000, example: 'BP 165/95, recheck in 5 min' })
  reason?: string;

  /** Required for a rate change. */
  @ValidateIf((o: InfusionEventDto) => o.kind === 'rate_change' || o.rateMgPerHour !== undefined)
  @DecimalField({ places: 2, min: 0.01, max: 5000, example: 30 })
  rateMgPerHour?: number;
}

export class EndInfusionDto extends LateEntryDto {
  /** mg actually given; never above the session's ceiling, nor above what was drawn. */
  @DecimalField({ places: 1, min: 0, max: 2000, example: 36.1 })
  administeredMg!: number;

  /**
   * The infusion was stopped before the planned dose; needs stopReason. Set automatically when
   * administeredMg is below the session's plannedDoseMg (then a missing stopReason is 400
   * STOP_REASON_REQUIRED).
   */
  @ApiProperty({ default: false })
  @IsOptional()
  @IsBoolean()
  stoppedEarly?: boolean;

  /** Why the infusion stopped before the planned dose (required for an early stop). */
  @ValidateIf((o: EndInfusionDto) => o.stoppedEarly === true || o.stopReason !== undefined)
  @TextField({ min: 1, max: 1000, example: 'Systolic 182 despite pause' })
  stopReason?: string;

  /** Required when less was given than drawn: a second staff member who witnessed the waste. */
  @UuidField({ optional: true }) wasteWitnessId?: string;
}

export class TransferSessionDto {
  /** Why the patient was transferred (e.g. the event and what was done). */
  @TextField({
    min: 3,
    max: 1000,
    example: 'BP 210/120 with chest pain despite stopping the infusion',
  })
  reason!: string;

  /** Where to, e.g. the receiving emergency department. */
  @TextField({
    optional: true,
    min: 1,
    max: 300,
    example: 'St. Mary’s Hospital ED, by ambulance',
  })
  destination?: string;

  /**
   * Required when the infusion is still running (in_progress): the mg given before it was stopped,
   * as at `end` (never above the ceiling nor what was drawn; less than planned is an early stop).
   */
  @DecimalField({ optional: true, places: 1, min: 0, max: 2000, example: 20.5 })
  administeredMg?: number;

  /** As at `end`: required when less was given than drawn, a second staff member as witness. */
  @UuidField({ optional: true }) wasteWitnessId?: string;
}

export class DischargeSessionDto extends LateEntryDto {
  /**
   * §4.1: alert and oriented, back to the pre-treatment level. Required unless the discharge was
   * prepared, whose answer is then used.
   */
  @BooleanField({ optional: true }) orientationConfirmed?: boolean;

  /** §4.1: a responsible adult is present to accompany the patient home (as orientationConfirmed). */
  @BooleanField({ optional: true }) escortPresent?: boolean;
}

// ---------- responses ----------

export class GateOverrideRecordDto {
  check!: string;
  reason!: string;
  @UuidProperty() by!: string;
  @DateTimeProperty() at!: string;
}

export class InfusionEventResponseDto {
  @ApiProperty({
    enum: ['start', 'pause', 'resume', 'rate_change', 'stop'],
    enumName: 'InfusionEventKindAll',
  })
  kind!: string;
  rateMgPerHour!: number | null;
  reason!: string | null;
  @UuidProperty() recordedBy!: string;
  @DateTimeProperty() occurredAt!: string;
  /** Set when the event was entered late; `recordedAt` is when it was entered. */
  lateEntryReason!: string | null;
  @DateTimeProperty() recordedAt!: string;
}

export class SessionLedgerEntryDto {
  @UuidProperty() lotId!: string;
  @ApiProperty({ enum: ['draw', 'administer', 'waste', 'return'], enumName: 'SessionLedgerKind' })
  kind!: string;
  quantityMg!: number;
  @UuidProperty() actorId!: string;
  @UuidProperty({ nullable: true }) witnessId!: string | null;
  @DateTimeProperty() occurredAt!: string;
}

export function mapInfusionEvent(e: InfusionEventEntity): InfusionEventResponseDto {
  return {
    kind: e.kind,
    rateMgPerHour: e.rateMgPerHour,
    reason: e.reason,
    recordedBy: e.recordedBy,
    occurredAt: e.occurredAt.toISOString(),
    lateEntryReason: e.lateEntryReason,
    recordedAt: e.createdAt.toISOString(),
  };
}
