import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { StaffRole } from 'src/auth/actor';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { IsNotInFuture } from 'src/common/validation/not-in-future.validator';
import { QueryBoolean } from 'src/common/validation/query-boolean';
import { MonitoringGap } from 'src/sessions/monitoring.rules';
import { LateEntryDto, LateEntryReason, LateEntryRecordDto } from 'src/sessions/late-entry.dto';
import { SessionStatus } from 'src/sessions/session-lifecycle.rules';
import {
  CheckInCorrectionDto,
  StopThresholdHoldResponseDto,
  VitalsAlertDto,
} from 'src/sessions/session-safety.dto';
import {
  AdverseEventEntity,
  AdverseEventOutcome,
  AdverseEventSeverity,
  AdverseEventType,
  InfusionAction,
  InfusionEventEntity,
  InfusionSessionEntity,
  ScheduleChangeEntity,
  SessionAddendumEntity,
  SessionVitalsEntity,
} from 'src/sessions/session.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const iso = (d: Date | null) => d?.toISOString() ?? null;

// ---------- requests ----------

export class CreateSessionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId!: string;

  /** An active plan of the patient (induction or maintenance). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  chairId!: string;

  /** The nurse who will monitor the infusion; counts towards the clinic's patients-per-nurse limit. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  nurseId!: string;

  /**
   * Not more than 5 minutes in the past (400 SCHEDULED_START_IN_PAST), unless the session is
   * recorded after the fact with lateEntryReason (within the clinic's lateEntryWindowHours).
   */
  @ApiProperty({ format: 'date-time', example: '2026-01-05T16:00:00Z' })
  @IsDateString({ strict: true })
  scheduledStart!: string;

  /**
   * A session that happened but was never booked (care charted on paper during downtime): its
   * scheduledStart is in the past and each step is then entered late (issue 9 point 6).
   */
  @LateEntryReason()
  lateEntryReason?: string;
}

export class RescheduleSessionDto {
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  scheduledStart?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chairId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  nurseId?: string;

  @ApiProperty({ required: false, example: 'Patient asked for a later slot' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CancelSessionDto {
  @ApiProperty({ example: 'Patient unwell' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class CheckInSessionDto extends LateEntryDto {
  /** §2.4: a responsible adult will take the patient home (no driving until the next day). */
  @ApiProperty()
  @IsBoolean()
  escortConfirmed!: boolean;

  /** §2.4: fasting as the clinic instructs (commonly 2–4 h without food). */
  @ApiProperty()
  @IsBoolean()
  fastingConfirmed!: boolean;

  /**
   * Clinicians only: overrides of relative moment-of-care checks (SESSION_OUTSIDE_START_WINDOW),
   * each with its reason (recorded in gateOverrides).
   */
  @ApiProperty({ required: false, type: () => [GateOverrideDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GateOverrideDto)
  overrides?: GateOverrideDto[];
}

export class GateOverrideDto {
  /** The failed check to override, e.g. `VITALS_SYSTOLIC_ABOVE_HOLD`. */
  @ApiProperty({ example: 'VITALS_SYSTOLIC_ABOVE_HOLD' })
  @IsString()
  @Matches(/^[A-Z0-9_]{2,80}$/)
  check!: string;

  @ApiProperty({ example: 'Rechecked after 10 min rest: 138/86; baseline 135/85' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;
}

export class StartSessionDto extends LateEntryDto {
  /** The lot the dose is drawn from (same clinic, not expired). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lotId!: string;

  /** mg drawn from the lot; defaults to the computed dose. What is not given is wasted, witnessed. */
  @ApiProperty({ required: false, example: 40, minimum: 0.1, maximum: 2000 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.1)
  @Max(2000)
  drawnMg?: number;

  /** Pump rate; defaults to the dose spread over the protocol's infusion minutes. */
  @ApiProperty({ required: false, example: 54.3, minimum: 0.01, maximum: 5000 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(5000)
  rateMgPerHour?: number;

  /** Clinicians only: overrides of relative gate checks, each with its reason (recorded). */
  @ApiProperty({ required: false, type: [GateOverrideDto] })
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
  @ApiProperty({ required: false, example: 'BP 165/95, recheck in 5 min' })
  @ValidateIf((o: InfusionEventDto) => o.kind === 'pause' || o.reason !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;

  /** Required for a rate change. */
  @ApiProperty({ required: false, example: 30 })
  @ValidateIf((o: InfusionEventDto) => o.kind === 'rate_change' || o.rateMgPerHour !== undefined)
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(5000)
  rateMgPerHour?: number;
}

export class EndInfusionDto extends LateEntryDto {
  /** mg actually given; never above the session's ceiling, nor above what was drawn. */
  @ApiProperty({ example: 36.1, minimum: 0, maximum: 2000 })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(2000)
  administeredMg!: number;

  /**
   * The infusion was stopped before the planned dose; needs stopReason. Set automatically when
   * administeredMg is below the session's plannedDoseMg (then a missing stopReason is 400
   * STOP_REASON_REQUIRED).
   */
  @ApiProperty({ required: false, default: false })
  @IsOptional()
  @IsBoolean()
  stoppedEarly?: boolean;

  /** Why the infusion stopped before the planned dose (required for an early stop). */
  @ApiProperty({ required: false, example: 'Systolic 182 despite pause' })
  @ValidateIf((o: EndInfusionDto) => o.stoppedEarly === true || o.stopReason !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  stopReason?: string;

  /** Required when less was given than drawn: a second staff member who witnessed the waste. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  wasteWitnessId?: string;
}

export class TransferSessionDto {
  /** Why the patient was transferred (e.g. the event and what was done). */
  @ApiProperty({ example: 'BP 210/120 with chest pain despite stopping the infusion' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;

  /** Where to, e.g. the receiving emergency department. */
  @ApiProperty({ required: false, example: 'St. Mary’s Hospital ED, by ambulance' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  destination?: string;

  /**
   * Required when the infusion is still running (in_progress): the mg given before it was stopped,
   * as at `end` (never above the ceiling nor what was drawn; less than planned is an early stop).
   */
  @ApiProperty({ required: false, example: 20.5, minimum: 0, maximum: 2000 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(2000)
  administeredMg?: number;

  /** As at `end`: required when less was given than drawn, a second staff member as witness. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  wasteWitnessId?: string;
}

export class DischargeSessionDto extends LateEntryDto {
  /**
   * §4.1: alert and oriented, back to the pre-treatment level. Required unless the discharge was
   * prepared, whose answer is then used.
   */
  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  orientationConfirmed?: boolean;

  /** §4.1: a responsible adult is present to accompany the patient home (as orientationConfirmed). */
  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  escortPresent?: boolean;
}

export class UpdateSessionDto {
  @ApiProperty({ required: false, nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  notes?: string | null;
}

export class CreateVitalsDto {
  /**
   * When the reading was taken; defaults to now. Never later than now (5 minutes of clock skew
   * allowed): the gate and discharge use the latest reading taken at or before now.
   */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Validate(IsNotInFuture)
  takenAt?: string;

  @ApiProperty({ example: 128, minimum: 40, maximum: 300 })
  @IsInt()
  @Min(40)
  @Max(300)
  systolic!: number;

  @ApiProperty({ example: 82, minimum: 20, maximum: 200 })
  @IsInt()
  @Min(20)
  @Max(200)
  diastolic!: number;

  @ApiProperty({ example: 74, minimum: 20, maximum: 250 })
  @IsInt()
  @Min(20)
  @Max(250)
  heartRate!: number;

  @ApiProperty({ example: 98, minimum: 50, maximum: 100 })
  @IsInt()
  @Min(50)
  @Max(100)
  spo2!: number;

  @ApiProperty({ required: false, example: 14, minimum: 2, maximum: 60 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(60)
  respiratoryRate?: number;

  /**
   * On the scale of sedationScale (§3.1): MOAA/S 0–5 (5 = responds readily to name; 0 = no
   * response) or RASS −5 to +4 (0 = alert and calm). Out of the scale's range: 400.
   */
  @ApiProperty({ required: false, minimum: -5, maximum: 5 })
  @IsOptional()
  @IsInt()
  @Min(-5)
  @Max(5)
  sedationScore?: number;

  /** The sedation scale of sedationScore; defaults to MOAA/S. */
  @ApiProperty({
    required: false,
    enum: ['moaas', 'rass'],
    enumName: 'SedationScale',
    default: 'moaas',
  })
  @IsOptional()
  @IsIn(['moaas', 'rass'])
  sedationScale?: 'moaas' | 'rass';

  /** Oriented to person, place and time (§4.1); `false` contradicts a discharge that says oriented. */
  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  oriented?: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  dissociationObserved?: boolean;

  @ApiProperty({ required: false, example: 'Calm, eyes closed, music on' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  observation?: string;

  /**
   * Required when takenAt is more than the clinic's lateEntryAfterMinutes (15) ago: a late entry
   * (at most lateEntryWindowHours, 72, back). The phase is then judged from takenAt.
   */
  @LateEntryReason()
  lateEntryReason?: string;
}

export class CreateAdverseEventDto {
  @ApiProperty({ enum: AdverseEventType, enumName: 'AdverseEventType' })
  @IsEnum(AdverseEventType)
  type!: AdverseEventType;

  /** Required for type `other`. */
  @ApiProperty({ required: false })
  @ValidateIf(
    (o: CreateAdverseEventDto) => o.type === AdverseEventType.OTHER || o.description !== undefined,
  )
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ enum: AdverseEventSeverity, enumName: 'AdverseEventSeverity' })
  @IsEnum(AdverseEventSeverity)
  severity!: AdverseEventSeverity;

  /** Serious per the FDA SAE definition (§3.5); a serious or severe event flags the plan for review. */
  @ApiProperty({ required: false, default: false })
  @IsOptional()
  @IsBoolean()
  serious?: boolean;

  @ApiProperty({ format: 'date-time' })
  @IsDateString({ strict: true })
  onsetAt!: string;

  @ApiProperty({ required: false, enum: InfusionAction, enumName: 'InfusionAction' })
  @IsOptional()
  @IsEnum(InfusionAction)
  infusionAction?: InfusionAction;

  @ApiProperty({ required: false, example: 'Antiemetic given' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  intervention?: string;

  @ApiProperty({ required: false, example: 'ondansetron' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  interventionDrug?: string;

  @ApiProperty({ required: false, example: '4 mg IV' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  interventionDose?: string;

  @ApiProperty({ enum: AdverseEventOutcome, enumName: 'AdverseEventOutcome' })
  @IsEnum(AdverseEventOutcome)
  outcome!: AdverseEventOutcome;

  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  resolvedAt?: string;
}

export class CreateAddendumDto {
  @ApiProperty({ example: 'Correction: administered amount' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: 'Administered amount was 36.0 mg, not 36.2 mg (pump log).' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text!: string;
}

export class SessionQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chairId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  nurseId?: string;

  @ApiProperty({ required: false, enum: SessionStatus, enumName: 'SessionStatus' })
  @IsOptional()
  @IsEnum(SessionStatus)
  status?: SessionStatus;

  /** Sessions starting at or after. */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  /** Sessions starting before. */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  /**
   * `true`: nurses' discharges still awaiting a clinician's co-signature (§4.1), the clinician's
   * worklist; overdue ones have `dischargeCosignDueAt` in the past. `false`: the others.
   */
  @ApiProperty({ required: false, type: Boolean })
  @QueryBoolean()
  cosignPending?: boolean;
}

export class AvailabilityQueryDto {
  @ApiProperty({ format: 'date', example: '2026-01-05' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  date!: string;

  /** Only free stretches at least this long (e.g. infusion + recovery). */
  @ApiProperty({ required: false, minimum: 1, maximum: 1440 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  minMinutes?: number;
}

// ---------- responses ----------

export class GateOverrideRecordDto {
  check!: string;
  reason!: string;
  @ApiProperty({ format: 'uuid' })
  by!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({ format: 'uuid' })
  planId!: string;
  @ApiProperty({ enum: ['induction', 'maintenance'], enumName: 'PlanPhase' })
  planPhase!: string;
  /** The plan's terms (amendment) in force when booked. */
  planAmendmentNumber!: number;
  @ApiProperty({ format: 'uuid' })
  chairId!: string;
  @ApiProperty({ format: 'uuid' })
  nurseId!: string;
  @ApiProperty({ enum: SessionStatus, enumName: 'SessionStatus' })
  status!: SessionStatus;
  @ApiProperty({ format: 'date-time' })
  scheduledStart!: string;
  /** Booked chair time ends at scheduledStart + infusionMinutes + recoveryMinutes. */
  @ApiProperty({ format: 'date-time' })
  scheduledEnd!: string;
  infusionMinutes!: number;
  recoveryMinutes!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedInAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  checkedInBy!: string | null;
  escortConfirmed!: boolean;
  fastingConfirmed!: boolean;
  /** Steps entered after the fact with the time they happened (issue 9 point 6). */
  @ApiProperty({ type: [LateEntryRecordDto] })
  lateEntries!: LateEntryRecordDto[];
  /** Check-in answers corrected before the start, with reason (not in the front desk's view). */
  @ApiProperty({ type: [CheckInCorrectionDto], required: false })
  checkInCorrections?: CheckInCorrectionDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  startedBy!: string | null;
  /** Relative gate checks a clinician overrode, with reason. */
  @ApiProperty({ type: [GateOverrideRecordDto], required: false })
  gateOverrides?: GateOverrideRecordDto[];
  /** The dosing weight used (kg) and its basis. */
  @ApiProperty({ type: Number, nullable: true, required: false })
  weightKg?: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    enum: ['actual', 'ideal', 'adjusted'],
  })
  weightBasis?: string | null;
  @ApiProperty({ type: Number, nullable: true, required: false })
  doseMgPerKg?: number | null;
  /** weightKg × doseMgPerKg rounded down to 0.1 mg (never above the prescription nor the ceiling). */
  @ApiProperty({ type: Number, nullable: true, required: false })
  plannedDoseMg?: number | null;
  /** weightKg × min(plan ceiling, clinic maximum) rounded down to 0.1 mg. */
  @ApiProperty({ type: Number, nullable: true, required: false })
  ceilingMg?: number | null;
  @ApiProperty({ type: Number, nullable: true, required: false })
  rateMgPerHour?: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, required: false })
  lotId?: string | null;
  @ApiProperty({ type: Number, nullable: true, required: false })
  administeredMg?: number | null;
  /** Not in the front desk's scheduling view. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, required: false })
  infusionEndedAt?: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  endedBy!: string | null;
  /** Not in the front desk's scheduling view. */
  @ApiProperty({ required: false })
  stoppedEarly?: boolean;
  @ApiProperty({ type: String, nullable: true, required: false })
  stopReason?: string | null;
  orientationConfirmed!: boolean;
  escortPresent!: boolean;
  @ApiProperty({ type: String, nullable: true, required: false })
  notes?: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dischargedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  dischargedBy!: string | null;
  /** A nurse prepared the discharge (criteria met then); a clinician discharges (§4.1). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dischargePreparedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  dischargePreparedBy!: string | null;
  /** Set when a nurse discharged under a co-signature policy: the clinician co-signs by then. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dischargeCosignDueAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dischargeCosignedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  dischargeCosignedBy!: string | null;
  /**
   * The open stop-threshold hold (§2.3): a reading at a stop threshold awaits a clinician's
   * decision (POST /sessions/{id}/stop-threshold-decision); null when none.
   */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  stopHoldId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  cancelledBy!: string | null;
  /** Free text, possibly clinical: not in the front desk's scheduling view. */
  @ApiProperty({ type: String, nullable: true, required: false })
  cancelReason?: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  noShowAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  noShowBy!: string | null;
  /** Transferred to an emergency department (status `transferred`). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  transferredAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  transferredBy!: string | null;
  /** Not in the front desk's scheduling view. */
  @ApiProperty({ type: String, nullable: true, required: false })
  transferReason?: string | null;
  /** Not in the front desk's scheduling view. */
  @ApiProperty({ type: String, nullable: true, required: false })
  transferDestination?: string | null;
  /** Once signed the record is locked: corrections are addenda. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  signedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  signedBy!: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  version!: number;
  /**
   * `full` for clinical staff and admins; `scheduling` for the front desk, whose copy keeps the
   * booking (status, times, chair, nurse) and omits the clinical fields (dosing, lot, notes, gate
   * overrides, infusionEndedAt, stoppedEarly, stop reason, cancelReason, transfer reason and
   * destination, vitals, adverse events,
   * infusion events, monitoring gaps, controlled-substance entries, addenda).
   */
  @ApiProperty({ enum: ['full', 'scheduling'], enumName: 'SessionView' })
  view!: 'full' | 'scheduling';
}

export class SessionPageDto extends PageOf(SessionResponseDto) {}

export class VitalsFlagDto {
  code!: string;
  @ApiProperty({ enum: ['hold', 'alert', 'stop'], enumName: 'VitalsFlagLevel' })
  level!: string;
  message!: string;
}

export class VitalsResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  sessionId!: string;
  /** Derived from the session status when recorded. */
  @ApiProperty({ enum: ['pre', 'infusion', 'recovery'], enumName: 'VitalsPhase' })
  phase!: string;
  @ApiProperty({ format: 'date-time' })
  takenAt!: string;
  systolic!: number;
  diastolic!: number;
  heartRate!: number;
  spo2!: number;
  @ApiProperty({ type: Number, nullable: true })
  respiratoryRate!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  sedationScore!: number | null;
  @ApiProperty({ enum: ['moaas', 'rass'], enumName: 'SedationScale', nullable: true })
  sedationScale!: 'moaas' | 'rass' | null;
  @ApiProperty({ type: Boolean, nullable: true })
  oriented!: boolean | null;
  /** Set when the reading was entered late; `recordedAt` is when it was entered. */
  @ApiProperty({ type: String, nullable: true })
  lateEntryReason!: string | null;
  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
  @ApiProperty({ type: Boolean, nullable: true })
  dissociationObserved!: boolean | null;
  @ApiProperty({ type: String, nullable: true })
  observation!: string | null;
  /** Threshold flags against the clinic's settings (§2.3). */
  @ApiProperty({ type: [VitalsFlagDto] })
  flags!: VitalsFlagDto[];
  @ApiProperty({ format: 'uuid' })
  recordedBy!: string;
}

export class AdverseEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  sessionId!: string;
  @ApiProperty({ enum: AdverseEventType, enumName: 'AdverseEventType' })
  type!: AdverseEventType;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  @ApiProperty({ enum: AdverseEventSeverity, enumName: 'AdverseEventSeverity' })
  severity!: AdverseEventSeverity;
  serious!: boolean;
  @ApiProperty({ format: 'date-time' })
  onsetAt!: string;
  @ApiProperty({ enum: InfusionAction, enumName: 'InfusionAction', nullable: true })
  infusionAction!: InfusionAction | null;
  @ApiProperty({ type: String, nullable: true })
  intervention!: string | null;
  @ApiProperty({ type: String, nullable: true })
  interventionDrug!: string | null;
  @ApiProperty({ type: String, nullable: true })
  interventionDose!: string | null;
  @ApiProperty({ enum: AdverseEventOutcome, enumName: 'AdverseEventOutcome' })
  outcome!: AdverseEventOutcome;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt!: string | null;
  @ApiProperty({ format: 'uuid' })
  recordedBy!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class InfusionEventResponseDto {
  @ApiProperty({
    enum: ['start', 'pause', 'resume', 'rate_change', 'stop'],
    enumName: 'InfusionEventKindAll',
  })
  kind!: string;
  @ApiProperty({ type: Number, nullable: true })
  rateMgPerHour!: number | null;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ format: 'uuid' })
  recordedBy!: string;
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
  /** Set when the event was entered late; `recordedAt` is when it was entered. */
  @ApiProperty({ type: String, nullable: true })
  lateEntryReason!: string | null;
  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class ScheduleChangeResponseDto {
  @ApiProperty({ format: 'date-time' })
  previousStart!: string;
  @ApiProperty({ format: 'uuid' })
  previousChairId!: string;
  @ApiProperty({ format: 'uuid' })
  previousNurseId!: string;
  @ApiProperty({ format: 'date-time' })
  newStart!: string;
  @ApiProperty({ format: 'uuid' })
  newChairId!: string;
  @ApiProperty({ format: 'uuid' })
  newNurseId!: string;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ format: 'uuid' })
  changedBy!: string;
  @ApiProperty({ format: 'date-time' })
  changedAt!: string;
}

export class AddendumResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  sessionId!: string;
  @ApiProperty({ format: 'uuid' })
  authorId!: string;
  reason!: string;
  text!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class MonitoringGapDto {
  @ApiProperty({ enum: ['infusion', 'recovery'], enumName: 'MonitoringPhase' })
  phase!: string;
  @ApiProperty({ format: 'date-time' })
  from!: string;
  @ApiProperty({ format: 'date-time' })
  to!: string;
  minutes!: number;
  allowedMinutes!: number;
}

export class SessionLedgerEntryDto {
  @ApiProperty({ format: 'uuid' })
  lotId!: string;
  @ApiProperty({ enum: ['draw', 'administer', 'waste', 'return'], enumName: 'SessionLedgerKind' })
  kind!: string;
  quantityMg!: number;
  @ApiProperty({ format: 'uuid' })
  actorId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  witnessId!: string | null;
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

/** The whole session record: booking, lifecycle, dosing and everything recorded during it. */
export class SessionDetailDto extends SessionResponseDto {
  @ApiProperty({ type: [VitalsResponseDto], required: false })
  vitals?: VitalsResponseDto[];
  @ApiProperty({ type: [AdverseEventResponseDto], required: false })
  adverseEvents?: AdverseEventResponseDto[];
  @ApiProperty({ type: [InfusionEventResponseDto], required: false })
  infusionEvents?: InfusionEventResponseDto[];
  /** Stretches without vitals longer than the clinic's monitoring intervals (§3.2). */
  @ApiProperty({ type: [MonitoringGapDto], required: false })
  monitoringGaps?: MonitoringGapDto[];
  @ApiProperty({ type: [ScheduleChangeResponseDto] })
  scheduleChanges!: ScheduleChangeResponseDto[];
  @ApiProperty({ type: [SessionLedgerEntryDto], required: false })
  controlledSubstance?: SessionLedgerEntryDto[];
  @ApiProperty({ type: [AddendumResponseDto], required: false })
  addenda?: AddendumResponseDto[];
  /** Readings flagged at an alert or stop threshold while infusing or recovering (§2.3). */
  @ApiProperty({ type: [VitalsAlertDto], required: false })
  vitalsAlerts?: VitalsAlertDto[];
  /** Every stop-threshold hold, open or decided, with the reading that raised it (§2.3). */
  @ApiProperty({ type: [StopThresholdHoldResponseDto], required: false })
  stopThresholdHolds?: StopThresholdHoldResponseDto[];
  /**
   * Minutes actually infused, pauses left out (start to end, or to now while running), and the
   * average rate over them in mg per kg of dosing weight per hour; null before the start.
   */
  @ApiProperty({ type: Number, nullable: true, required: false })
  infusedMinutes?: number | null;
  @ApiProperty({ type: Number, nullable: true, required: false })
  averageRateMgPerKgPerHour?: number | null;
}

export class VitalsPageDto extends PageOf(VitalsResponseDto) {}
export class AdverseEventPageDto extends PageOf(AdverseEventResponseDto) {}

export class FreeSlotDto {
  @ApiProperty({ format: 'date-time' })
  start!: string;
  @ApiProperty({ format: 'date-time' })
  end!: string;
  minutes!: number;
}

export class ChairAvailabilityDto {
  @ApiProperty({ format: 'uuid' })
  chairId!: string;
  name!: string;
  @ApiProperty({ type: [FreeSlotDto] })
  free!: FreeSlotDto[];
}

export class AvailabilityResponseDto {
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;
  @ApiProperty({ format: 'date' })
  date!: string;
  /** The clinic's time zone, in which the day and opening hours are read. */
  timezone!: string;
  @ApiProperty({ format: 'date-time' })
  opens!: string;
  @ApiProperty({ format: 'date-time' })
  closes!: string;
  @ApiProperty({ type: [ChairAvailabilityDto] })
  chairs!: ChairAvailabilityDto[];
}

export interface SessionRef {
  id: string;
  clinicId: string;
  patientId: string;
  planId: string;
  status: string;
  dischargedAt: Date | null;
}

// ---------- mappers ----------

export function mapSession(s: InfusionSessionEntity): SessionResponseDto {
  const end = new Date(
    s.scheduledStart.getTime() + (s.infusionMinutes + s.recoveryMinutes) * 60_000,
  );
  return {
    id: s.id,
    clinicId: s.clinicId,
    patientId: s.patientId,
    planId: s.planId,
    planPhase: s.planPhase,
    planAmendmentNumber: s.planAmendmentNumber,
    chairId: s.chairId,
    nurseId: s.nurseId,
    status: s.status,
    scheduledStart: s.scheduledStart.toISOString(),
    scheduledEnd: end.toISOString(),
    infusionMinutes: s.infusionMinutes,
    recoveryMinutes: s.recoveryMinutes,
    checkedInAt: iso(s.checkedInAt),
    checkedInBy: s.checkedInBy,
    escortConfirmed: s.escortConfirmed,
    fastingConfirmed: s.fastingConfirmed,
    checkInCorrections: s.checkInCorrections,
    lateEntries: s.lateEntries,
    startedAt: iso(s.startedAt),
    startedBy: s.startedBy,
    gateOverrides: s.gateOverrides,
    weightKg: s.weightKg,
    weightBasis: s.weightBasis,
    doseMgPerKg: s.doseMgPerKg,
    plannedDoseMg: s.plannedDoseMg,
    ceilingMg: s.ceilingMg,
    rateMgPerHour: s.rateMgPerHour,
    lotId: s.lotId,
    administeredMg: s.administeredMg,
    infusionEndedAt: iso(s.infusionEndedAt),
    endedBy: s.endedBy,
    stoppedEarly: s.stoppedEarly,
    stopReason: s.stopReason,
    orientationConfirmed: s.orientationConfirmed,
    escortPresent: s.escortPresent,
    notes: s.notes,
    dischargedAt: iso(s.dischargedAt),
    dischargedBy: s.dischargedBy,
    dischargePreparedAt: iso(s.dischargePreparedAt),
    dischargePreparedBy: s.dischargePreparedBy,
    dischargeCosignDueAt: iso(s.dischargeCosignDueAt),
    dischargeCosignedAt: iso(s.dischargeCosignedAt),
    dischargeCosignedBy: s.dischargeCosignedBy,
    stopHoldId: s.stopHoldId,
    cancelledAt: iso(s.cancelledAt),
    cancelledBy: s.cancelledBy,
    cancelReason: s.cancelReason,
    noShowAt: iso(s.noShowAt),
    noShowBy: s.noShowBy,
    transferredAt: iso(s.transferredAt),
    transferredBy: s.transferredBy,
    transferReason: s.transferReason,
    transferDestination: s.transferDestination,
    signedAt: iso(s.signedAt),
    signedBy: s.signedBy,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
    view: 'full',
  };
}

const CLINICAL_FIELDS = [
  'checkInCorrections',
  'gateOverrides',
  'weightKg',
  'weightBasis',
  'doseMgPerKg',
  'plannedDoseMg',
  'ceilingMg',
  'rateMgPerHour',
  'lotId',
  'administeredMg',
  'infusionEndedAt',
  'stoppedEarly',
  'stopReason',
  'cancelReason',
  'transferReason',
  'transferDestination',
  'notes',
  'vitals',
  'adverseEvents',
  'infusionEvents',
  'monitoringGaps',
  'controlledSubstance',
  'addenda',
  'vitalsAlerts',
  'stopThresholdHolds',
  'infusedMinutes',
  'averageRateMgPerKgPerHour',
] as const;

/** Minimum necessary: the front desk schedules, so its copy leaves the clinical record out. */
export function viewFor<T extends SessionResponseDto>(role: StaffRole, dto: T): T {
  if (role !== StaffRole.FRONT_DESK) {
    return dto;
  }
  const copy: T = { ...dto, view: 'scheduling' };
  CLINICAL_FIELDS.forEach((field) => delete (copy as Partial<SessionDetailDto>)[field]);
  return copy;
}

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

export function mapScheduleChange(c: ScheduleChangeEntity): ScheduleChangeResponseDto {
  return {
    previousStart: c.previousStart.toISOString(),
    previousChairId: c.previousChairId,
    previousNurseId: c.previousNurseId,
    newStart: c.newStart.toISOString(),
    newChairId: c.newChairId,
    newNurseId: c.newNurseId,
    reason: c.reason,
    changedBy: c.changedBy,
    changedAt: c.changedAt.toISOString(),
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
