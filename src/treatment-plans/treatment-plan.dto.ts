import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Indication } from 'src/common/domain/indication';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { PlanPhase, PlanStatus, WeightBasis } from 'src/treatment-plans/plan-snapshot';
import {
  TreatmentPlanEntity,
  TreatmentPlanEventEntity,
  TreatmentPlanVersionEntity,
} from 'src/treatment-plans/treatment-plan.entity';
import { Progress } from 'src/treatment-plans/treatment-plan-progress.rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const PLAN_STATUSES: PlanStatus[] = [
  'draft',
  'active',
  'maintenance',
  'on_hold',
  'completed',
  'discontinued',
];
const PHASES: PlanPhase[] = ['induction', 'maintenance'];
const WEIGHT_BASES: WeightBasis[] = ['actual', 'ideal', 'adjusted'];

export class ProtocolDto {
  /** Dose per infusion in mg/kg (§1.1: standard 0.5); may not exceed the ceiling. */
  @ApiProperty({ example: 0.5, minimum: 0.01, maximum: 5 })
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.01)
  @Max(5)
  doseMgPerKg!: number;

  /** Infusion duration in minutes (§1.1: standard 40). */
  @ApiProperty({ example: 40, minimum: 1, maximum: 600 })
  @IsInt()
  @Min(1)
  @Max(600)
  infusionMinutes!: number;

  /** The plan's dose ceiling in mg/kg; may not exceed the clinic's maxDoseMgPerKg (§1.1: default 1.0). */
  @ApiProperty({ example: 0.75, minimum: 0.01, maximum: 5 })
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.01)
  @Max(5)
  ceilingMgPerKg!: number;

  /** Which body weight the mg/kg dose uses (§1.1). */
  @ApiProperty({ enum: WEIGHT_BASES, enumName: 'WeightBasis' })
  @IsIn(WEIGHT_BASES)
  weightBasis!: WeightBasis;

  /** Doses to step up to if there is no response (§1.1 titration), rising, within the ceiling. */
  @ApiProperty({ type: [Number], required: false, example: [0.6, 0.75] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsNumber({ maxDecimalPlaces: 3 }, { each: true })
  @Min(0.01, { each: true })
  @Max(5, { each: true })
  titrationStepsMgPerKg?: number[];
}

export class ProtocolChangesDto {
  @ApiProperty({ required: false, minimum: 0.01, maximum: 5 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.01)
  @Max(5)
  doseMgPerKg?: number;

  @ApiProperty({ required: false, minimum: 1, maximum: 600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  infusionMinutes?: number;

  @ApiProperty({ required: false, minimum: 0.01, maximum: 5 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.01)
  @Max(5)
  ceilingMgPerKg?: number;

  @ApiProperty({ required: false, enum: WEIGHT_BASES, enumName: 'WeightBasis' })
  @IsOptional()
  @IsIn(WEIGHT_BASES)
  weightBasis?: WeightBasis;

  @ApiProperty({ type: [Number], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsNumber({ maxDecimalPlaces: 3 }, { each: true })
  @Min(0.01, { each: true })
  @Max(5, { each: true })
  titrationStepsMgPerKg?: number[];
}

/**
 * Omitted fields take the clinic's defaults (§1.2: 6 infusions, 21-day window, ≥ 24 h apart).
 * minHoursBetweenInfusions may not go below the clinic's setting, and (plannedInfusions − 1) ×
 * minHoursBetweenInfusions must fit in windowDays × 24 h (else 422 INDUCTION_SCHEDULE_REFUSED).
 */
export class InductionDto {
  @ApiProperty({ required: false, example: 6, minimum: 1, maximum: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  plannedInfusions?: number;

  @ApiProperty({ required: false, example: 21, minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  windowDays?: number;

  @ApiProperty({ required: false, example: 48, minimum: 0, maximum: 336 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(336)
  minHoursBetweenInfusions?: number;
}

/** §1.3: boosters at a target interval, or as needed; a planned count or open-ended (null). */
export class MaintenanceDto {
  @ApiProperty({ required: false, default: false })
  @IsOptional()
  @IsBoolean()
  asNeeded?: boolean;

  /** Target days between maintenance infusions; required unless asNeeded. */
  @ApiProperty({
    required: false,
    nullable: true,
    type: Number,
    example: 28,
    minimum: 1,
    maximum: 365,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  intervalDays?: number | null;

  /** Planned maintenance infusions; null for open-ended. */
  @ApiProperty({
    required: false,
    nullable: true,
    type: Number,
    example: 6,
    minimum: 1,
    maximum: 200,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  plannedInfusions?: number | null;
}

export class AdjunctCareDto {
  @ApiProperty({ example: 'integration_session' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  kind!: string;

  @ApiProperty({ required: false, example: 'after each infusion' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  frequency?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CreateTreatmentPlanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId!: string;

  @ApiProperty({ enum: Indication, enumName: 'Indication' })
  @IsEnum(Indication)
  indication!: Indication;

  /** The prescribing clinician; defaults to the caller. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  prescriberId?: string;

  @ApiProperty({ type: ProtocolDto })
  @ValidateNested()
  @Type(() => ProtocolDto)
  protocol!: ProtocolDto;

  @ApiProperty({ type: InductionDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => InductionDto)
  induction?: InductionDto;

  @ApiProperty({ type: MaintenanceDto })
  @ValidateNested()
  @Type(() => MaintenanceDto)
  maintenance!: MaintenanceDto;

  @ApiProperty({ type: [AdjunctCareDto], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AdjunctCareDto)
  adjunctCare?: AdjunctCareDto[];

  @ApiProperty({ type: [String], required: false, example: ['PHQ-9 below 10 by end of induction'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  goals?: string[];
}

/** The terms that change; everything omitted carries over from the current version. */
export class AmendTreatmentPlanDto {
  /** Why the terms change (kept with the new version). */
  @ApiProperty({ example: 'No response after infusion 3: titrate to 0.75 mg/kg' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ type: ProtocolChangesDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProtocolChangesDto)
  protocol?: ProtocolChangesDto;

  @ApiProperty({ type: InductionDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => InductionDto)
  induction?: InductionDto;

  @ApiProperty({ type: MaintenanceDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => MaintenanceDto)
  maintenance?: MaintenanceDto;

  @ApiProperty({ type: [AdjunctCareDto], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AdjunctCareDto)
  adjunctCare?: AdjunctCareDto[];

  @ApiProperty({ type: [String], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  goals?: string[];
}

export class PlanActionDto {
  /** Why; required to start maintenance, or to complete an active plan, before induction is complete. */
  @ApiProperty({ required: false })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}

export class RequiredReasonDto {
  @ApiProperty({ example: 'Patient travelling for 3 weeks' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class TreatmentPlanQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ required: false, enum: PLAN_STATUSES, enumName: 'PlanStatus' })
  @IsOptional()
  @IsIn(PLAN_STATUSES)
  status?: PlanStatus;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

export class ProtocolResponseDto {
  @ApiProperty({ enum: ['ketamine'] })
  drug!: 'ketamine';
  @ApiProperty({ enum: ['IV'] })
  route!: 'IV';
  doseMgPerKg!: number;
  infusionMinutes!: number;
  ceilingMgPerKg!: number;
  @ApiProperty({ enum: WEIGHT_BASES, enumName: 'WeightBasis' })
  weightBasis!: WeightBasis;
  @ApiProperty({ type: [Number] })
  titrationStepsMgPerKg!: number[];
}

export class InductionResponseDto {
  plannedInfusions!: number;
  windowDays!: number;
  minHoursBetweenInfusions!: number;
}

export class MaintenanceResponseDto {
  asNeeded!: boolean;
  @ApiProperty({ type: Number, nullable: true })
  intervalDays!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  plannedInfusions!: number | null;
}

/**
 * Progress of the course. While the plan is on hold its counts are those of the phase that was
 * held; overrunning, readiness for maintenance and the next maintenance due are not reported
 * (false / null) until it resumes.
 */
export class PlanProgressDto {
  /** The phase the plan is in; while on hold, the phase that was held; null for draft, completed and discontinued. */
  @ApiProperty({ enum: PHASES, enumName: 'PlanPhase', nullable: true })
  phase!: PlanPhase | null;
  /** Infusions completed in that phase (induction when there is no phase). */
  infusionsCompleted!: number;
  /** Planned infusions of that phase; null when open-ended. */
  @ApiProperty({ type: Number, nullable: true })
  infusionsPlanned!: number | null;
  inductionInfusionsCompleted!: number;
  inductionInfusionsPlanned!: number;
  /**
   * When the induction window ends: `windowDays` after the first induction infusion (§1.2: "6
   * infusions within 12 days" counts the series from its first infusion); until one is recorded,
   * after activation. Holds do not pause the window: a plan resumed after a long hold may be
   * overrunning (amend `windowDays` if the course continues).
   */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  inductionWindowEndsAt!: string | null;
  /** Running induction (not on hold) is short of its planned count after its window ended. */
  inductionOverrunning!: boolean;
  /** Induction is done and the plan is active: it may start maintenance. */
  readyForMaintenance!: boolean;
  /** Interval-based maintenance that is running (not on hold): when the next infusion is due. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextMaintenanceDueAt!: string | null;
  maintenanceComplete!: boolean;
}

/**
 * A treatment plan. Front desk gets the schedule view (`view: "schedule"`): status, phase, dates
 * and progress only; the clinical fields marked "clinical" (including the review flag) are omitted.
 */
export class TreatmentPlanResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  /** `full` for clinical roles, `schedule` for front desk. */
  @ApiProperty({ enum: ['full', 'schedule'], enumName: 'TreatmentPlanView' })
  view!: 'full' | 'schedule';
  @ApiProperty({ enum: PLAN_STATUSES, enumName: 'PlanStatus' })
  status!: PlanStatus;
  /** Same as `progress.phase`: while on hold, the phase that was held. */
  @ApiProperty({ enum: PHASES, enumName: 'PlanPhase', nullable: true })
  currentPhase!: PlanPhase | null;
  @ApiProperty({ format: 'uuid' })
  prescriberId!: string;
  progress!: PlanProgressDto;
  /** Clinical: a serious event flagged the plan for clinical review (not in the schedule view). */
  @ApiProperty({ required: false })
  needsClinicalReview?: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activatedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  inductionStartedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  inductionCompletedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  maintenanceStartedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: string | null;
  /** Clinical. */
  @ApiProperty({ required: false, enum: Indication, enumName: 'Indication' })
  indication?: string;
  /** Clinical: 1 for the original terms, +1 per amendment. */
  @ApiProperty({ required: false })
  amendmentNumber?: number;
  /** Clinical. */
  @ApiProperty({ required: false, type: ProtocolResponseDto })
  protocol?: ProtocolResponseDto;
  /** Clinical. */
  @ApiProperty({ required: false, type: InductionResponseDto })
  induction?: InductionResponseDto;
  /** Clinical. */
  @ApiProperty({ required: false, type: MaintenanceResponseDto })
  maintenance?: MaintenanceResponseDto;
  /** Clinical. */
  @ApiProperty({ required: false, type: [AdjunctCareDto] })
  adjunctCare?: AdjunctCareDto[];
  /** Clinical. */
  @ApiProperty({ required: false, type: [String] })
  goals?: string[];
  /** Clinical. */
  @ApiProperty({ required: false, type: String, nullable: true })
  holdReason?: string | null;
  /** Clinical. */
  @ApiProperty({ required: false, type: String, nullable: true })
  discontinueReason?: string | null;
  /** Clinical: the signed screening that allowed activation. */
  @ApiProperty({ required: false, type: String, format: 'uuid', nullable: true })
  activationScreeningId?: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

export class TreatmentPlanPageDto extends PageOf(TreatmentPlanResponseDto) {}

export class TreatmentPlanVersionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  planId!: string;
  amendmentNumber!: number;
  protocol!: ProtocolResponseDto;
  induction!: InductionResponseDto;
  maintenance!: MaintenanceResponseDto;
  @ApiProperty({ type: [AdjunctCareDto] })
  adjunctCare!: AdjunctCareDto[];
  @ApiProperty({ type: [String] })
  goals!: string[];
  /** Why this amendment was made (null for the original terms). */
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ format: 'uuid' })
  authorId!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class TreatmentPlanVersionPageDto extends PageOf(TreatmentPlanVersionResponseDto) {}

export class TreatmentPlanEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** created, activated, maintenance_started, held, resumed, completed, discontinued, amended, infusion_recorded, induction_completed, flagged_for_review, review_cleared. */
  event!: string;
  @ApiProperty({ enum: PLAN_STATUSES, enumName: 'PlanStatus', nullable: true })
  fromStatus!: PlanStatus | null;
  @ApiProperty({ enum: PLAN_STATUSES, enumName: 'PlanStatus', nullable: true })
  toStatus!: PlanStatus | null;
  /** Who; null when recorded by the system (e.g. a session's discharge). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  amendmentNumber!: number | null;
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

export class TreatmentPlanEventPageDto extends PageOf(TreatmentPlanEventResponseDto) {}

export function mapTerms(v: TreatmentPlanVersionEntity) {
  return {
    protocol: {
      drug: 'ketamine' as const,
      route: 'IV' as const,
      doseMgPerKg: v.doseMgPerKg,
      infusionMinutes: v.infusionMinutes,
      ceilingMgPerKg: v.ceilingMgPerKg,
      weightBasis: v.weightBasis,
      titrationStepsMgPerKg: v.titrationStepsMgPerKg,
    },
    induction: {
      plannedInfusions: v.inductionPlannedInfusions,
      windowDays: v.inductionWindowDays,
      minHoursBetweenInfusions: v.minHoursBetweenInfusions,
    },
    maintenance: {
      asNeeded: v.maintenanceAsNeeded,
      intervalDays: v.maintenanceIntervalDays,
      plannedInfusions: v.maintenancePlannedInfusions,
    },
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function mapProgress(p: Progress): PlanProgressDto {
  return {
    ...p,
    inductionWindowEndsAt: iso(p.inductionWindowEndsAt),
    nextMaintenanceDueAt: iso(p.nextMaintenanceDueAt),
  };
}

export function mapPlan(
  p: TreatmentPlanEntity,
  v: TreatmentPlanVersionEntity,
  progress: Progress,
  clinical: boolean,
): TreatmentPlanResponseDto {
  const schedule: TreatmentPlanResponseDto = {
    id: p.id,
    clinicId: p.clinicId,
    patientId: p.patientId,
    view: clinical ? 'full' : 'schedule',
    status: p.status,
    currentPhase: progress.phase,
    prescriberId: p.prescriberId,
    progress: mapProgress(progress),
    activatedAt: iso(p.activatedAt),
    inductionStartedAt: iso(p.inductionStartedAt),
    inductionCompletedAt: iso(p.inductionCompletedAt),
    maintenanceStartedAt: iso(p.maintenanceStartedAt),
    endedAt: iso(p.endedAt),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
  if (!clinical) {
    return schedule;
  }
  return {
    ...schedule,
    needsClinicalReview: p.needsClinicalReview,
    indication: p.indication,
    amendmentNumber: p.amendmentNumber,
    ...mapTerms(v),
    adjunctCare: v.adjunctCare,
    goals: v.goals,
    holdReason: p.holdReason,
    discontinueReason: p.discontinueReason,
    activationScreeningId: p.activationScreeningId,
  };
}

export function mapVersion(v: TreatmentPlanVersionEntity): TreatmentPlanVersionResponseDto {
  return {
    id: v.id,
    planId: v.planId,
    amendmentNumber: v.amendmentNumber,
    ...mapTerms(v),
    adjunctCare: v.adjunctCare,
    goals: v.goals,
    reason: v.reason,
    authorId: v.authorId,
    createdAt: v.createdAt.toISOString(),
  };
}

export function mapPlanEvent(e: TreatmentPlanEventEntity): TreatmentPlanEventResponseDto {
  return {
    id: e.id,
    event: e.event,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorId: e.actorId,
    reason: e.reason,
    sessionId: e.sessionId,
    amendmentNumber: e.amendmentNumber,
    occurredAt: e.occurredAt.toISOString(),
  };
}
