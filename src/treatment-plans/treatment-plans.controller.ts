import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import {
  AmendTreatmentPlanDto,
  CreateTreatmentPlanDto,
  PlanActionDto,
  RequiredReasonDto,
  TreatmentPlanEventPageDto,
  TreatmentPlanEventResponseDto,
  TreatmentPlanPageDto,
  TreatmentPlanQueryDto,
  TreatmentPlanResponseDto,
  TreatmentPlanVersionPageDto,
  TreatmentPlanVersionResponseDto,
} from 'src/treatment-plans/treatment-plan.dto';
import { TreatmentPlanAuthoringService } from 'src/treatment-plans/treatment-plan-authoring.service';
import { TreatmentPlanLifecycleService } from 'src/treatment-plans/treatment-plan-lifecycle.service';
import { TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

const IF_MATCH = 'The ETag last read; 412 if the plan has changed since';
const ACTION_409 =
  'An action not allowed from the plan’s current status answers 409 ILLEGAL_TRANSITION.';

@ApiTags('treatment-plans')
@Controller('api/v1/treatment-plans')
export class TreatmentPlansController {
  constructor(
    private readonly plans: TreatmentPlansService,
    private readonly authoring: TreatmentPlanAuthoringService,
    private readonly lifecycle: TreatmentPlanLifecycleService,
  ) {}

  @Post()
  @Auth(StaffRole.CLINICIAN)
  @SetsLocation()
  @Endpoint({
    id: 'createTreatmentPlan',
    summary: 'Draft a treatment plan',
    description:
      'One plan per course of care, created as `draft`. Protocol: IV ketamine, dose and ceiling in mg/kg (dose ≤ ceiling ≤ the clinic’s ' +
      'maxDoseMgPerKg, else 422 with failedChecks), infusion minutes, weight basis, titration steps. Induction defaults come from the ' +
      'clinic settings (inductionPlannedInfusions, inductionWindowDays, minHoursBetweenInfusions); spacing below the clinic’s ' +
      'minHoursBetweenInfusions, or a series that cannot fit its window ((plannedInfusions − 1) × minHoursBetweenInfusions > ' +
      'windowDays × 24 h), answers 422 INDUCTION_SCHEDULE_REFUSED with failedChecks. Maintenance: an interval in days ' +
      'or as-needed boosters, a planned count or open-ended.',
    created: TreatmentPlanResponseDto,
    problems: [400, 404, 409, 422],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateTreatmentPlanDto,
  ): Promise<TreatmentPlanResponseDto> {
    return this.authoring.create(actor, dto);
  }

  @Get()
  @Auth()
  @Endpoint({
    id: 'listTreatmentPlans',
    summary: 'List treatment plans',
    description:
      'Plans of the caller’s clinics in creation order, keyset-paginated; filter by patient and status. Front desk gets the schedule view (no clinical fields).',
    ok: TreatmentPlanPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: TreatmentPlanQueryDto,
  ): Promise<Page<TreatmentPlanResponseDto>> {
    return this.plans.list(actor, query);
  }

  @Get(':id')
  @Auth()
  @Endpoint({
    id: 'getTreatmentPlan',
    summary: 'Get a treatment plan with its progress',
    description:
      'Clinical roles get the full plan (`view: "full"`); front desk the schedule view (`view: "schedule"`: status, phase, dates, progress). ' +
      'Progress: infusions done / planned in the current phase, whether induction is overrunning its window, readiness for maintenance and the next maintenance infusion due.',
    ok: TreatmentPlanResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<TreatmentPlanResponseDto> {
    return this.plans.get(actor, id);
  }

  @Post(':id/amendments')
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'amendTreatmentPlan',
    summary: 'Amend the clinical terms',
    description:
      'Creates a new version holding the full terms (what is omitted carries over) with its author and reason; earlier versions stay readable at /versions. ' +
      'Not allowed once the plan is completed or discontinued (409). Same dose limits and induction spacing as on create (422).',
    created: {
      type: TreatmentPlanResponseDto,
      description: 'The plan with its new current terms',
    },
    ifMatch: IF_MATCH,
    problems: [400, 404, 409, 412, 422],
  })
  amend(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AmendTreatmentPlanDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<TreatmentPlanResponseDto> {
    return this.authoring.amend(actor, id, dto, ifMatch);
  }

  @Get(':id/versions')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE)
  @Endpoint({
    id: 'listTreatmentPlanVersions',
    summary: 'List every version of the clinical terms',
    description: 'Amendment 1 is the original; one entry per amendment, oldest first.',
    ok: TreatmentPlanVersionPageDto,
    problems: [400, 404],
  })
  versions(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<TreatmentPlanVersionResponseDto>> {
    return this.plans.versions(actor, id, query);
  }

  @Get(':id/versions/:amendmentNumber')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE)
  @Endpoint({
    id: 'getTreatmentPlanVersion',
    summary: 'Get one version of the clinical terms',
    description: 'By amendment number (1 = the original terms).',
    ok: TreatmentPlanVersionResponseDto,
    problems: [400, 404],
  })
  version(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('amendmentNumber', ParseIntPipe) amendmentNumber: number,
  ): Promise<TreatmentPlanVersionResponseDto> {
    return this.plans.version(actor, id, amendmentNumber);
  }

  @Get(':id/history')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE)
  @Endpoint({
    id: 'listTreatmentPlanHistory',
    summary: 'The plan’s history',
    description:
      'Every lifecycle move, amendment, recorded infusion and review flag, with actor, time and reason, oldest first.',
    ok: TreatmentPlanEventPageDto,
    problems: [400, 404],
  })
  history(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<TreatmentPlanEventResponseDto>> {
    return this.plans.history(actor, id, query);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'activateTreatmentPlan',
    summary: 'Activate: draft → active (induction)',
    description:
      'Gates (422 listing each failed check): the prescriber is an active clinician of the clinic; the patient is not archived; the patient’s latest ' +
      'screening (by screenedAt, signed or not) is signed (else LATEST_SCREENING_UNSIGNED; none at all is SCREENING_NOT_SIGNED), is eligible (or its ' +
      'relative contraindications were overridden), assessed the plan’s indication as its primary one, and was taken ' +
      'within the clinic’s screeningValidityDays (default 90); ' +
      'dose ≤ ceiling ≤ the clinic’s maxDoseMgPerKg; induction spacing at least the clinic’s minHoursBetweenInfusions and ' +
      'fitting its window (SPACING_BELOW_CLINIC_MINIMUM, INDUCTION_DOES_NOT_FIT_WINDOW). A patient has at most one active, maintenance or on-hold plan: another one answers 409 ' +
      `TREATMENT_PLAN_ALREADY_OPEN (concurrent activations: exactly one wins). ${ACTION_409}`,
    ok: TreatmentPlanResponseDto,
    ifMatch: IF_MATCH,
    problems: [400, 404, 409, 412, 422],
  })
  activate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<TreatmentPlanResponseDto> {
    return this.lifecycle.activate(actor, id, ifMatch);
  }

  @Post(':id/start-maintenance')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'startTreatmentPlanMaintenance',
    summary: 'Start maintenance: active → maintenance',
    description: `Once induction is complete; earlier needs a reason (else 422 INDUCTION_NOT_COMPLETE). ${ACTION_409}`,
    ok: TreatmentPlanResponseDto,
    ifMatch: IF_MATCH,
    problems: [400, 404, 409, 412, 422],
  })
  startMaintenance(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PlanActionDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<TreatmentPlanResponseDto> {
    return this.lifecycle.startMaintenance(actor, id, dto.reason, ifMatch);
  }

  @Post(':id/hold')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'holdTreatmentPlan',
    summary: 'Put on hold: active or maintenance → on_hold',
    description: `A reason is required. ${ACTION_409}`,
    ok: TreatmentPlanResponseDto,
    ifMatch: IF_MATCH,
    problems: [400, 404, 409, 412],
  })
  hold(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RequiredReasonDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<TreatmentPlanResponseDto> {
    return this.lifecycle.hold(actor, id, dto.reason, ifMatch);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'resumeTreatmentPlan',
    summary: 'Resume: on_hold → the status it was held from',
    description: ACTION_409,
    ok: TreatmentPlanResponseDto,
    ifMatch: IF_MATCH,
    problems: [400, 404, 409, 412],
  })
  resume(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<TreatmentPlanResponseDto> {
    return this.lifecycle.resume(actor, id, ifMatch);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'completeTreatmentPlan',
    summary: 'Complete: active or maintenance → completed',
    description:
      'The course reached its endpoint (§1.3: a defined course), from active or maintenance. Completing an active plan before its ' +
      'induction count is done needs a reason, as starting maintenance early does (else 422 INDUCTION_NOT_COMPLETE). ' +
      ACTION_409,
    ok: TreatmentPlanResponseDto,
    ifMatch: IF_MATCH,
    problems: [400, 404, 409, 412, 422],
  })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PlanActionDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<TreatmentPlanResponseDto> {
    return this.lifecycle.complete(actor, id, dto.reason, ifMatch);
  }

  @Post(':id/discontinue')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'discontinueTreatmentPlan',
    summary: 'Discontinue: active, maintenance or on_hold → discontinued',
    description: `A reason is required. ${ACTION_409}`,
    ok: TreatmentPlanResponseDto,
    ifMatch: IF_MATCH,
    problems: [400, 404, 409, 412],
  })
  discontinue(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RequiredReasonDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<TreatmentPlanResponseDto> {
    return this.lifecycle.discontinue(actor, id, dto.reason, ifMatch);
  }

  @Post(':id/clear-review')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @Endpoint({
    id: 'clearTreatmentPlanReview',
    summary: 'Clear the clinical-review flag',
    description:
      'A clinician has reviewed the plan after it was flagged (e.g. a serious adverse event in a session). 409 if no review is pending.',
    ok: TreatmentPlanResponseDto,
    problems: [400, 404, 409],
  })
  clearReview(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RequiredReasonDto,
  ): Promise<TreatmentPlanResponseDto> {
    return this.lifecycle.clearReview(actor, id, dto.reason);
  }
}
