import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import {
  AvailabilityQueryDto,
  AvailabilityResponseDto,
} from 'src/sessions/session-availability.dto';
import {
  CheckInSessionDto,
  EndInfusionDto,
  InfusionEventDto,
  StartSessionDto,
  TransferSessionDto,
} from 'src/sessions/session-infusion.dto';
import {
  CancelSessionDto,
  CreateSessionDto,
  RescheduleSessionDto,
  SessionDetailDto,
  SessionPageDto,
  SessionQueryDto,
  SessionResponseDto,
  UpdateSessionDto,
} from 'src/sessions/session.dto';
import { CorrectCheckInDto, StopThresholdDecisionDto } from 'src/sessions/session-safety.dto';
import { SessionsInfusionService } from 'src/sessions/sessions-infusion.service';
import { SessionsRecordsService } from 'src/sessions/sessions-records.service';
import { SessionsSchedulingService } from 'src/sessions/sessions-scheduling.service';
import { SessionsService } from 'src/sessions/sessions.service';

const { ADMIN, CLINICIAN, NURSE, FRONT_DESK } = StaffRole;
const IF_MATCH = 'The ETag last read; 412 if the session has changed since';
const LATE_ENTRY =
  'Late entry (care charted during downtime): `occurredAt` in the past with `lateEntryReason` when more than the clinic’s lateEntryAfterMinutes (15) ago (400 LATE_ENTRY_REASON_REQUIRED), at most lateEntryWindowHours (72) back (422 LATE_ENTRY_OUTSIDE_WINDOW), never before the step it follows (422 LATE_ENTRY_OUT_OF_ORDER); every check is then judged at that time, and the step is listed in `lateEntries`.';
const DOSE_RULE =
  'Dose: total mg = dosing weight (kg) × plan mg/kg, rounded DOWN to 0.1 mg (36.15 → 36.1), so a controlled drug’s computed dose never exceeds the prescription. ' +
  'Ceiling: dosing weight × min(plan ceilingMgPerKg, clinic maxDoseMgPerKg), rounded down to 0.1 mg; the computed dose is therefore never above the ceiling. ' +
  'A prescribed dose above either ceiling fails the gate and can never be overridden.';

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(
    private readonly reader: SessionsService,
    private readonly scheduling: SessionsSchedulingService,
    private readonly infusion: SessionsInfusionService,
    private readonly records: SessionsRecordsService,
  ) {}

  @Post()
  @Auth(ADMIN, CLINICIAN, NURSE, FRONT_DESK)
  @SetsLocation()
  @Endpoint({
    id: 'bookSession',
    summary: 'Book an infusion session',
    description:
      'Books chair, patient and nurse for infusion + recovery: the plan protocol’s infusionMinutes plus the clinic’s bookedRecoveryMinutes (default 60). ' +
      'Refused with 409: CHAIR_DOUBLE_BOOKED or PATIENT_DOUBLE_BOOKED (checked under the chair and patient locks, and held by database exclusion constraints, safe under concurrent requests), ' +
      'NURSE_RATIO_EXCEEDED (more than the clinic’s maxPatientsPerNurse at once), PLAN_NOT_ACTIVE, PLAN_PHASE_COMPLETE (the phase’s planned infusions are all completed or booked: amend the plan), ' +
      'INFUSION_SPACING (closer than the plan’s minHoursBetweenInfusions to another session of the patient), CHAIR_INACTIVE (the chair row is locked while booking, so a concurrent deactivation either waits or wins). ' +
      'Every conflict names the sessions in the way in `conflictingSessionIds`. ' +
      'The nurse must hold the clinic’s infusionNurseRequiredCredentials valid on the session’s date (422 STAFF_CREDENTIALS_INVALID with failedChecks NURSE_CREDENTIAL_MISSING / NURSE_CREDENTIAL_EXPIRED). ' +
      'A scheduledStart more than 5 minutes in the past is 400 SCHEDULED_START_IN_PAST, unless the session happened and is recorded late with lateEntryReason (within lateEntryWindowHours, 72; 422 LATE_ENTRY_OUTSIDE_WINDOW).',
    created: SessionDetailDto,
    problems: [400, 404, 409, 422],
  })
  book(@CurrentActor() actor: Actor, @Body() dto: CreateSessionDto): Promise<SessionDetailDto> {
    return this.scheduling.book(actor, dto);
  }

  @Get()
  @Auth()
  @Endpoint({
    id: 'listSessions',
    summary: 'List sessions',
    description: 'Sessions of the caller’s clinics by scheduled start; filters combine.',
    ok: SessionPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: SessionQueryDto,
  ): Promise<Page<SessionResponseDto>> {
    return this.reader.list(actor, query);
  }

  @Get(':id')
  @Auth()
  @Endpoint({
    id: 'getSession',
    summary: 'Get a session’s whole record',
    description:
      'Booking, lifecycle, dosing, vitals with their threshold flags, adverse events, infusion events, the controlled-substance entries, reschedule history, addenda, and `monitoringGaps`: stretches without vitals longer than the clinic’s monitoringIntervalMinutes (default 10) while infusing or recoveryMonitoringIntervalMinutes (default 15) in recovery.',
    ok: SessionDetailDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SessionDetailDto> {
    return this.reader.get(actor, id);
  }

  @Patch(':id')
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'updateSession',
    summary: 'Change a session’s notes',
    description: 'Until the record is signed; afterwards 409 SESSION_SIGNED (add an addendum).',
    ifMatch: IF_MATCH,
    ok: SessionDetailDto,
    problems: [400, 404, 409, 412],
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSessionDto,
    @IfMatch() ifMatch?: number,
  ): Promise<SessionDetailDto> {
    return this.records.update(actor, id, dto, ifMatch);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Auth(ADMIN, CLINICIAN, NURSE, FRONT_DESK)
  @Endpoint({
    id: 'rescheduleSession',
    summary: 'Move a scheduled session',
    description:
      'New start, chair or nurse, with the same checks as booking (conflicts name the sessions in the way in `conflictingSessionIds`; the nurse’s credentials, 422 STAFF_CREDENTIALS_INVALID; a new scheduledStart more than 5 minutes in the past is 400 SCHEDULED_START_IN_PAST); the previous slot is kept in scheduleChanges. Only before check-in (409 ILLEGAL_TRANSITION).',
    ifMatch: IF_MATCH,
    ok: SessionDetailDto,
    problems: [400, 404, 409, 412, 422],
  })
  reschedule(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RescheduleSessionDto,
    @IfMatch() ifMatch?: number,
  ): Promise<SessionDetailDto> {
    return this.scheduling.reschedule(actor, id, dto, ifMatch);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth(ADMIN, CLINICIAN, NURSE, FRONT_DESK)
  @Endpoint({
    id: 'cancelSession',
    summary: 'Cancel a session',
    description: 'From scheduled or checked in; the record stays, with who, when and why.',
    ok: SessionDetailDto,
    problems: [400, 404, 409],
  })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelSessionDto,
  ): Promise<SessionDetailDto> {
    return this.scheduling.cancel(actor, id, dto);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Auth(ADMIN, CLINICIAN, NURSE, FRONT_DESK)
  @Endpoint({
    id: 'markSessionNoShow',
    summary: 'Record that the patient did not come',
    ok: SessionDetailDto,
    problems: [400, 404, 409],
  })
  noShow(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SessionDetailDto> {
    return this.scheduling.noShow(actor, id);
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'checkInSession',
    summary: 'Check the patient in',
    description:
      'Nurses and clinicians only: records whether the escort / ride home and fasting are confirmed (§2.4), which the pre-infusion gate relies on. The front desk schedules only (403). ' +
      'What booking checked is checked again now, under the patient’s lock (422 CHECK_IN_REFUSED, each in `failedChecks`): ' +
      'SESSION_OUTSIDE_START_WINDOW (relative: now is more than the clinic’s sessionStartEarlyMinutes, default 60, before the booked start or sessionStartLateMinutes, default 120, after it; a clinician overrides with `overrides` and a reason), ' +
      'PATIENT_IN_ANOTHER_SESSION (absolute: another session of the patient is checked in, infusing or in recovery) and INFUSION_SPACING_NOT_MET (absolute, §1.2: another infusion of the patient started within the plan’s minHoursBetweenInfusions of the booked start). ' +
      'Conflicts name the sessions in the way in `conflictingSessionIds`. ' +
      LATE_ENTRY,
    ok: SessionDetailDto,
    problems: [400, 403, 404, 409, 422],
  })
  checkIn(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CheckInSessionDto,
  ): Promise<SessionDetailDto> {
    return this.infusion.checkIn(actor, id, dto);
  }

  @Post(':id/correct-check-in')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'correctCheckIn',
    summary: 'Correct the check-in answers before the start',
    description:
      'While checked in (else 409 ILLEGAL_TRANSITION): changes escortConfirmed and/or fastingConfirmed with a reason. Each change is kept in `checkInCorrections` (field, from, to, reason, by, at) and audited; the pre-infusion gate then judges the corrected answers. 400 CORRECTION_EMPTY when neither answer is given.',
    ok: SessionDetailDto,
    problems: [400, 404, 409],
  })
  correctCheckIn(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CorrectCheckInDto,
  ): Promise<SessionDetailDto> {
    return this.infusion.correctCheckIn(actor, id, dto);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'startSession',
    summary: 'Pass the pre-infusion gate and start the infusion',
    description:
      'The gate checks: consent on file, latest screening signed, eligible and within screeningValidityDays, escort and fasting confirmed, ' +
      'weight recorded within weightMaxAgeDays, pre-infusion vitals (the latest taken at or before now) within preInfusionVitalsMaxAgeMinutes (default 30) and inside the pre-dose holds ' +
      '(preDoseHoldSystolic/Diastolic 140/90, HR preDoseMin/MaxHeartRate 50–110, preDoseMinSpo2 92) and below the intra-infusion stop thresholds (intraStopSystolic 180, intraStopDiastolic 110, intraStopHeartRate 120, spo2StopBelow 90; §2.3), ' +
      'the plan not awaiting clinical review, the dose ceiling, and any registered extra checks. ' +
      'And, checked again at this moment under row locks (session, patient, chair, nurse) so that parallel starts cannot both pass (issue 9): SESSION_OUTSIDE_START_WINDOW (relative, as at check-in), ' +
      'CHAIR_OCCUPIED (absolute: another patient is in the chair, infusing or in recovery, until discharged or transferred), PATIENT_IN_ANOTHER_SESSION (absolute), ' +
      'NURSE_AT_RATIO_LIMIT (absolute, §3.3: the nurse already has maxPatientsPerNurse patients in the chair, infusing or recovering), INFUSION_SPACING_NOT_MET (absolute, §1.2: the patient’s last infusion started less than the plan’s minHoursBetweenInfusions ago), ' +
      'DRAW_EXCEEDS_DOSE (absolute: drawnMg above the dose plus the clinic’s drawWasteMarginMg, default 50). Each conflict names the sessions in the way in `conflictingSessionIds`; the same rules hold in the database (exclusion constraints and a trigger on the real occupied times). ' +
      '422 PRE_INFUSION_GATE_FAILED lists every failed check in `failedChecks` with `overridable`. ' +
      'The people at the chair (§3.3): the booked nurse holds the clinic’s infusionNurseRequiredCredentials and the supervising clinician (the starting clinician, or when a nurse starts, at least one active clinician of the clinic) its supervisingClinicianRequiredCredentials, valid on the session’s date. ' +
      'Absolute checks (never overridable): CHAIR_OCCUPIED, PATIENT_IN_ANOTHER_SESSION, NURSE_AT_RATIO_LIMIT, INFUSION_SPACING_NOT_MET, DRAW_EXCEEDS_DOSE, RATE_ABOVE_MAXIMUM, NURSE_CREDENTIAL_MISSING, NURSE_CREDENTIAL_EXPIRED, SUPERVISOR_CREDENTIAL_MISSING, SUPERVISOR_CREDENTIAL_EXPIRED, PLAN_NOT_ACTIVE, PLAN_NEEDS_CLINICAL_REVIEW (cleared by a clinician with POST /treatment-plans/{id}/clear-review), CONSENT_MISSING, SCREENING_MISSING, SCREENING_INELIGIBLE, SCREENING_NEEDS_REVIEW, SCREENING_EXPIRED, ' +
      'ESCORT_NOT_CONFIRMED, WEIGHT_MISSING, HEIGHT_REQUIRED_FOR_WEIGHT_BASIS, PRE_INFUSION_VITALS_MISSING, VITALS_SYSTOLIC_AT_STOP, VITALS_DIASTOLIC_AT_STOP, VITALS_HEART_RATE_AT_STOP, VITALS_SPO2_AT_STOP, ' +
      'DOSE_ABOVE_PLAN_CEILING, DOSE_ABOVE_CLINIC_MAXIMUM, SUICIDE_RISK_ALERT_UNREVIEWED (follow-ups). ' +
      'Relative checks (a clinician may override each by sending `overrides` with a reason, which is recorded in gateOverrides): SESSION_OUTSIDE_START_WINDOW, FASTING_NOT_CONFIRMED, WEIGHT_STALE, PRE_INFUSION_VITALS_STALE, ' +
      'VITALS_SYSTOLIC_ABOVE_HOLD, VITALS_DIASTOLIC_ABOVE_HOLD, VITALS_HEART_RATE_OUT_OF_RANGE, VITALS_SPO2_BELOW_HOLD (readings between the hold and the stop thresholds). ' +
      DOSE_RULE +
      ' The dose is drawn from the given lot (422 LOT_EXPIRED, 409 LOT_INSUFFICIENT). ' +
      LATE_ENTRY,
    ok: SessionDetailDto,
    problems: [400, 403, 404, 409, 422],
  })
  start(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StartSessionDto,
  ): Promise<SessionDetailDto> {
    return this.infusion.start(actor, id, dto);
  }

  @Post(':id/infusion-events')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'recordInfusionEvent',
    summary: 'Pause, resume or change the rate of the infusion',
    description:
      'A pause needs its reason; 409 INFUSION_NOT_RUNNING outside a running infusion. While a stop-threshold reading awaits a clinician’s decision (`stopHoldId` set) only a pause is accepted: resume and rate changes answer 422 STOP_DECISION_PENDING. ' +
      LATE_ENTRY,
    ok: SessionDetailDto,
    problems: [400, 404, 409, 422],
  })
  infusionEvent(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: InfusionEventDto,
  ): Promise<SessionDetailDto> {
    return this.infusion.infusionEvent(actor, id, dto);
  }

  @Post(':id/stop-threshold-decision')
  @HttpCode(200)
  @Auth(CLINICIAN)
  @Endpoint({
    id: 'decideStopThreshold',
    summary: 'Decide after a reading at a stop threshold: stop or resume',
    description:
      'A vitals reading during the infusion at or beyond a stop threshold (§2.3: intraStopSystolic 180, intraStopDiastolic 110, intraStopHeartRate 120, SpO2 below spo2StopBelow 90) opens a hold (`stopHoldId`, `stopThresholdHolds`): until a clinician decides, the infusion can be paused or stopped early but not resumed, re-rated or ended with the full dose. ' +
      'Clinicians only. `stop` ends the infusion as an early stop with `reason` (administeredMg required, with the ceiling, drawn-amount and witnessed-waste rules of `end`); `resume` lets it continue. The decision, its reason and the reading that raised the hold are kept on the hold. 409 NO_STOP_DECISION_PENDING when no hold is open.',
    ok: SessionDetailDto,
    problems: [400, 403, 404, 409, 422],
  })
  decideStopThreshold(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StopThresholdDecisionDto,
  ): Promise<SessionDetailDto> {
    return this.infusion.decideStopThreshold(actor, id, dto);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'endInfusion',
    summary: 'End the infusion and start recovery',
    description:
      'Records the mg given (422 DOSE_ABOVE_CEILING above the session ceiling, 422 DRAWN_NOT_ACCOUNTED above what was drawn). ' +
      'Less than the planned dose (by 0.1 mg or more) is an early stop whatever `stoppedEarly` says: stoppedEarly is set and stopReason is required (400 STOP_REASON_REQUIRED). ' +
      'What was drawn and not given is wasted in the lot’s ledger with wasteWitnessId, another nurse, clinician or admin (400 WITNESS_INVALID). ' +
      'Plausible delivery (issue 9): unless recorded as an early stop, the dose is judged against the minutes actually infused (pauses left out): 422 INFUSION_DELIVERY_IMPLAUSIBLE with INFUSION_RATE_ABOVE_MAXIMUM (faster than the clinic’s maxInfusionRateMgPerKgPerHour, default 1.5) or INFUSION_SHORTER_THAN_PROTOCOL (under minInfusionDurationPercent, default 75 %, of the protocol’s minutes). ' +
      'While a stop-threshold reading awaits a clinician’s decision only an early stop may end the infusion (else 422 STOP_DECISION_PENDING); it records the hold as stopped. ' +
      'The booking then keeps the booked recovery after the real end, no more (an early end frees the rest of the chair’s booked time). ' +
      LATE_ENTRY,
    ok: SessionDetailDto,
    problems: [400, 404, 409, 422],
  })
  end(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EndInfusionDto,
  ): Promise<SessionDetailDto> {
    return this.infusion.end(actor, id, dto);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'transferSession',
    summary: 'Record a transfer to an emergency department',
    description:
      'From in_progress or recovery (else 409 ILLEGAL_TRANSITION) to the terminal status `transferred`: the patient can never meet the discharge criteria, so this ends the session instead of discharge; the clinician then signs it like a discharged one. ' +
      'Body: reason (required), destination. While infusing, the infusion is stopped first: administeredMg is required (400 ADMINISTERED_AMOUNT_REQUIRED) with the same ceiling, drawn-amount and witnessed-waste rules as `end`; less than the planned dose is recorded as an early stop with the transfer reason. ' +
      'The chair is freed and the treatment plan is flagged for clinical review (the next gate fails PLAN_NEEDS_CLINICAL_REVIEW until a clinician clears it). ' +
      'Plan progress: a transfer from recovery (the infusion had ended) counts as a completed infusion; a transfer that stopped a running infusion does not. The clinic’s automatic follow-ups are created as after a discharge.',
    ok: SessionDetailDto,
    problems: [400, 404, 409, 422],
  })
  transfer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TransferSessionDto,
  ): Promise<SessionDetailDto> {
    return this.infusion.transfer(actor, id, dto);
  }

  @Post(':id/sign')
  @HttpCode(200)
  @Auth(CLINICIAN)
  @Endpoint({
    id: 'signSession',
    summary: 'Sign and lock a discharged or transferred session’s record',
    description:
      'Only from discharged or transferred (else 409 ILLEGAL_TRANSITION), and once a nurse’s discharge is co-signed (else 409 DISCHARGE_COSIGN_PENDING). After signing, changes answer 409 SESSION_SIGNED, also when attempted directly in the database (a trigger locks the row); corrections are addenda.',
    ok: SessionDetailDto,
    problems: [400, 404, 409],
  })
  sign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SessionDetailDto> {
    return this.records.sign(actor, id);
  }
}

@ApiTags('sessions')
@Controller('api/v1/clinics/:clinicId/availability')
export class AvailabilityController {
  constructor(private readonly scheduling: SessionsSchedulingService) {}

  @Get()
  @Auth()
  @Endpoint({
    id: 'getChairAvailability',
    summary: 'Free chair time on a day',
    description:
      'For each active chair, the free stretches within the clinic’s opening hours on `date` (read in the clinic’s time zone; the whole day when the clinic has no hours set). minMinutes keeps only stretches at least that long.',
    ok: AvailabilityResponseDto,
    problems: [400, 404],
  })
  availability(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Query() query: AvailabilityQueryDto,
  ): Promise<AvailabilityResponseDto> {
    return this.scheduling.availability(actor, clinicId, query);
  }
}
