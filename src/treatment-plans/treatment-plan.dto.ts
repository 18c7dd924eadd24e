import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Indication } from 'src/common/domain/indication';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  DateTimeProperty,
  DecimalField,
  EnumField,
  EnumProperty,
  IntField,
  UuidField,
  UuidProperty,
  TextField,
  enumOf,
} from 'src/common/validation/field.decorators';
import { PlanPhase, PlanStatus, WeightBasis } from 'src/treatment-plans/plan-snapshot';
import {
  TreatmentPlanEntity,
  TreatmentPlanEventEntity,
  TreatmentPlanVersionEntity,
} from 'src/treatment-plans/treatment-plan.entity';
import { Progress } from 'src/treatment-plans/treatment-plan-progress.rules';

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
/** A list as an enum object for EnumField: the same values, and the same message as IsIn. */
export class ProtocolDto {
  /** Dose per infusion in mg/kg (§1.1: standard 0.5); may not exceed the ceiling. */
  @DecimalField({ places: 3, min: 0.01, max: 5, example: 0.5 }) doseMgPerKg!: number;

  /** Infusion duration in minutes (§1.1: standard 40). */
  @IntField({ min: 1, max: 600, example: 40 }) infusionMinutes!: number;

  /** The plan's dose ceiling in mg/kg; may not exceed the clinic's maxDoseMgPerKg (§1.1: default 1.0). */
  @DecimalField({ places: 3, min: 0.01, max: 5, example: 0.75 }) ceilingMgPerKg!: number;

  /** Which body weight the mg/kg dose uses (§1.1). */
  @EnumField(enumOf(WEIGHT_BASES), 'WeightBasis') weightBasis!: WeightBasis;

  /** Doses to step up to if there is no response (§1.1 titration), rising, within the ceiling. */
  @ApiProperty({ example: [0.6, 0.75] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsNumber({ maxDecimalPlaces: 3 }, { each: true })
  @Min(0.01, { each: true })
  @Max(5, { each: true })
  titrationStepsMgPerKg?: number[];
}

export class ProtocolChangesDto {
  @DecimalField({ optional: true, places: 3, min: 0.01, max: 5 }) doseMgPerKg?: number;

  @IntField({ optional: true, min: 1, max: 600 }) infusionMinutes?: number;

  @DecimalField({ optional: true, places: 3, min: 0.01, max: 5 }) ceilingMgPerKg?: number;

  @EnumField(enumOf(WEIGHT_BASES), 'WeightBasis', { optional: true }) weightBasis?: WeightBasis;

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
  @IntField({ optional: true, min: 1, max: 30, example: 6 }) plannedInfusions?: number;

  @IntField({ optional: true, min: 1, max: 120, example: 21 }) windowDays?: number;

  @IntField({ optional: true, min: 0, max: 336, example: 48 }) minHoursBetweenInfusions?: number;
}

/** §1.3: boosters at a target interval, or as needed; a planned count or open-ended (null). */
export class MaintenanceDto {
  @ApiProperty({ default: false })
  @IsOptional()
  @IsBoolean()
  asNeeded?: boolean;

  /** Target days between maintenance infusions; required unless asNeeded. */
  @IntField({ optional: true, nullable: true, min: 1, max: 365, example: 28 })
  intervalDays?: number | null;

  /** Planned maintenance infusions; null for open-ended. */
  @IntField({ optional: true, nullable: true, min: 1, max: 200, example: 6 })
  plannedInfusions?: number | null;
}

export class AdjunctCareDto {
  @TextField({ min: 1, max: 100, example: 'integration_session' }) kind!: string;

  @ApiProperty({ example: 'after each infusion' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  frequency?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CreateTreatmentPlanDto {
  @UuidField() patientId!: string;

  @EnumField(Indication, 'Indication') indication!: Indication;

  /** The prescribing clinician; defaults to the caller. */
  @UuidField({ optional: true }) prescriberId?: string;

  @ValidateNested()
  @Type(() => ProtocolDto)
  protocol!: ProtocolDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => InductionDto)
  induction?: InductionDto;

  @ValidateNested()
  @Type(() => MaintenanceDto)
  maintenance!: MaintenanceDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AdjunctCareDto)
  adjunctCare?: AdjunctCareDto[];

  @ApiProperty({ example: ['PHQ-9 below 10 by end of induction'] })
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
  @TextField({ min: 1, max: 2000, example: 'No response after infusion 3: titrate to 0.75 mg/kg' })
  reason!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProtocolChangesDto)
  protocol?: ProtocolChangesDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => InductionDto)
  induction?: InductionDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => MaintenanceDto)
  maintenance?: MaintenanceDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AdjunctCareDto)
  adjunctCare?: AdjunctCareDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  goals?: string[];
}

export class PlanActionDto {
  /** Why; required to start maintenance, or to complete an active plan, before induction is complete. */
  @TextField({ optional: true, min: 1, max: 2000 }) reason?: string;
}

export class RequiredReasonDto {
  @TextField({ min: 1, max: 2000, example: 'Patient travelling for 3 weeks' }) reason!: string;
}

export class TreatmentPlanQueryDto extends PageQueryDto {
  @UuidField({ optional: true }) patientId?: string;

  @EnumField(enumOf(PLAN_STATUSES), 'PlanStatus', { optional: true }) status?: PlanStatus;

  @UuidField({ optional: true }) clinicId?: string;
}

export class ProtocolResponseDto {
  @ApiProperty({ enum: ['ketamine'] })
  drug!: 'ketamine';
  @ApiProperty({ enum: ['IV'] })
  route!: 'IV';
  doseMgPerKg!: number;
  infusionMinutes!: number;
  ceilingMgPerKg!: number;
  @EnumProperty(enumOf(WEIGHT_BASES), 'WeightBasis') weightBasis!: WeightBasis;
  titrationStepsMgPerKg!: number[];
}

export class InductionResponseDto {
  plannedInfusions!: number;
  windowDays!: number;
  minHoursBetweenInfusions!: number;
}

export class MaintenanceResponseDto {
  asNeeded!: boolean;
  intervalDays!: number | null;
  plannedInfusions!: number | null;
}

/**
 * Progress of the course. While the plan is on hold its counts are those of the phase that was
 * held; overrunning, readiness for maintenance and the next maintenance due are not reported
 * (false / null) until it resumes.
 */
export class PlanProgressDto {
  /** The phase the plan is in; while on hold, the phase that was held; null for draft, completed and discontinued. */
  @EnumProperty(enumOf(PHASES), 'PlanPhase', { nullable: true }) phase!: PlanPhase | null;
  /** Infusions completed in that phase (induction when there is no phase). */
  infusionsCompleted!: number;
  /** Planned infusions of that phase; null when open-ended. */
  infusionsPlanned!: number | null;
  inductionInfusionsCompleted!: number;
  inductionInfusionsPlanned!: number;
  /**
   * When the induction window ends: `windowDays` after the first induction infusion (§1.2: "6
   * infusions within 12 days" counts the series from its first infusion); until one is recorded,
   * after activation. Holds do not pause the window: a plan resumed after a long hold may be
   * overrunning (amend `windowDays` if the course continues).
   */
  @DateTimeProperty({ nullable: true }) inductionWindowEndsAt!: string | null;
  /** Running induction (not on hold) is short of its planned count after its window ended. */
  inductionOverrunning!: boolean;
  /** Induction is done and the plan is active: it may start maintenance. */
  readyForMaintenance!: boolean;
  /** Interval-based maintenance that is running (not on hold): when the next infusion is due. */
  @DateTimeProperty({ nullable: true }) nextMaintenanceDueAt!: string | null;
  maintenanceComplete!: boolean;
}

/**
 * A treatment plan. Front desk gets the schedule view (`view: "schedule"`): status, phase, dates
 * and progress only; the clinical fields marked "clinical" (including the review flag) are omitted.
 */
export class TreatmentPlanResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  @UuidProperty() patientId!: string;
  /** `full` for clinical roles, `schedule` for front desk. */
  @EnumProperty(enumOf(['full', 'schedule']), 'TreatmentPlanView')
  view!: 'full' | 'schedule';
  @EnumProperty(enumOf(PLAN_STATUSES), 'PlanStatus') status!: PlanStatus;
  /** Same as `progress.phase`: while on hold, the phase that was held. */
  @EnumProperty(enumOf(PHASES), 'PlanPhase', { nullable: true }) currentPhase!: PlanPhase | null;
  @UuidProperty() prescriberId!: string;
  progress!: PlanProgressDto;
  /** Clinical: a serious event flagged the plan for clinical review (not in the schedule view). */
  needsClinicalReview?: boolean;
  @DateTimeProperty({ nullable: true }) activatedAt!: string | null;
  @DateTimeProperty({ nullable: true }) inductionStartedAt!: string | null;
  @DateTimeProperty({ nullable: true }) inductionCompletedAt!: string | null;
  @DateTimeProperty({ nullable: true }) maintenanceStartedAt!: string | null;
  @DateTimeProperty({ nullable: true }) endedAt!: string | null;
  /** Clinical. */
  @EnumProperty(Indication, 'Indication') indication?: string;
  /** Clinical: 1 for the original terms, +1 per amendment. */
  amendmentNumber?: number;
  /** Clinical. */
  protocol?: ProtocolResponseDto;
  /** Clinical. */
  induction?: InductionResponseDto;
  /** Clinical. */
  maintenance?: MaintenanceResponseDto;
  /** Clinical. */
  adjunctCare?: AdjunctCareDto[];
  /** Clinical. */
  goals?: string[];
  /** Clinical. */
  holdReason?: string | null;
  /** Clinical. */
  discontinueReason?: string | null;
  /** Clinical: the signed screening that allowed activation. */
  @UuidProperty({ nullable: true }) activationScreeningId?: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  version!: number;
}

export class TreatmentPlanPageDto extends PageOf(TreatmentPlanResponseDto) {}

export class TreatmentPlanVersionResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() planId!: string;
  amendmentNumber!: number;
  protocol!: ProtocolResponseDto;
  induction!: InductionResponseDto;
  maintenance!: MaintenanceResponseDto;
  adjunctCare!: AdjunctCareDto[];
  goals!: string[];
  /** Why this amendment was made (null for the original terms). */
  reason!: string | null;
  @UuidProperty() authorId!: string;
  @DateTimeProperty() createdAt!: string;
}

export class TreatmentPlanVersionPageDto extends PageOf(TreatmentPlanVersionResponseDto) {}

export class TreatmentPlanEventResponseDto {
  @UuidProperty() id!: string;
  /** created, activated, maintenance_started, held, resumed, completed, discontinued, amended, infusion_recorded, induction_completed, flagged_for_review, review_cleared. */
  event!: string;
  @EnumProperty(enumOf(PLAN_STATUSES), 'PlanStatus', { nullable: true })
  fromStatus!: PlanStatus | null;
  @EnumProperty(enumOf(PLAN_STATUSES), 'PlanStatus', { nullable: true })
  toStatus!: PlanStatus | null;
  /** Who; null when recorded by the system (e.g. a session's discharge). */
  @UuidProperty({ nullable: true }) actorId!: string | null;
  reason!: string | null;
  @UuidProperty({ nullable: true }) sessionId!: string | null;
  amendmentNumber!: number | null;
  @DateTimeProperty() occurredAt!: string;
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
