import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import {
  AddendumResponseDto,
  AdverseEventPageDto,
  AdverseEventResponseDto,
  CreateAddendumDto,
  CreateAdverseEventDto,
  CreateVitalsDto,
  VitalsPageDto,
  VitalsResponseDto,
} from 'src/sessions/session-records.dto';
import { SessionsRecordsService } from 'src/sessions/sessions-records.service';

const { CLINICIAN, NURSE, ADMIN } = StaffRole;

@ApiTags('sessions')
@Controller('api/v1/sessions/:id')
export class SessionRecordsController {
  constructor(private readonly records: SessionsRecordsService) {}

  @Post('vitals')
  @Auth(CLINICIAN, NURSE)
  @SetsLocation()
  @Endpoint({
    id: 'recordVitals',
    summary: 'Record a set of vitals',
    description:
      'At any time from booking to discharge. takenAt defaults to now and may not be later than now (5 minutes of clock skew allowed; else 400). ' +
      'Before the infusion a reading is flagged against the pre-dose holds (level `hold`), or `stop` at or beyond the intra-infusion stop thresholds (which the gate never lets pass); during infusion and recovery against the alert/stop thresholds ' +
      '(intraAlertSystolic 160, intraStopSystolic 180, intraStopDiastolic 110, intraStopHeartRate 120, spo2AlertBelow 92, spo2StopBelow 90; §2.3). 409 SESSION_SIGNED once signed; 409 SESSION_CLOSED after discharge, transfer, cancellation or a no-show. ' +
      'A reading at a stop threshold while infusing opens a stop-threshold hold (`stopHoldId` on the session) until a clinician decides (POST /sessions/{id}/stop-threshold-decision). ' +
      'sedationScore is on sedationScale (moaas 0–5, the default, or rass −5 to +4; else 400 SEDATION_SCORE_OUT_OF_SCALE); `oriented` feeds the discharge check. ' +
      'A takenAt more than the clinic’s lateEntryAfterMinutes (15) ago is a late entry: lateEntryReason is required (400 LATE_ENTRY_REASON_REQUIRED), at most lateEntryWindowHours (72) back (422 LATE_ENTRY_OUTSIDE_WINDOW); its phase is judged from takenAt against the session’s start and end.',
    created: VitalsResponseDto,
    problems: [400, 404, 409, 422],
  })
  addVitals(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateVitalsDto,
  ): Promise<VitalsResponseDto> {
    return this.records.addVitals(actor, id, dto);
  }

  @Get('vitals')
  @Auth(ADMIN, CLINICIAN, NURSE)
  @Endpoint({
    id: 'listVitals',
    summary: 'The session’s vitals, oldest first',
    ok: VitalsPageDto,
    problems: [400, 404],
  })
  listVitals(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<VitalsResponseDto>> {
    return this.records.listVitals(actor, id, query);
  }

  @Get('vitals/:vitalsId')
  @Auth(ADMIN, CLINICIAN, NURSE)
  @Endpoint({
    id: 'getVitals',
    summary: 'One set of vitals',
    description:
      'The URL a create answered in its Location header. 404 when the session is not in your clinics or the record is not this session’s (SESSION_RECORD_NOT_FOUND).',
    ok: VitalsResponseDto,
    problems: [400, 404],
  })
  getVitals(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('vitalsId', ParseUUIDPipe) vitalsId: string,
  ): Promise<VitalsResponseDto> {
    return this.records.getVitals(actor, id, vitalsId);
  }

  @Post('adverse-events')
  @Auth(CLINICIAN, NURSE)
  @SetsLocation()
  @Endpoint({
    id: 'recordAdverseEvent',
    summary: 'Record an adverse event',
    description:
      'Coded type, severity, onset, what was done to the infusion, intervention (e.g. drug and dose) and outcome (§3.4–3.5). A serious or severe event flags the treatment plan for clinician review.',
    created: AdverseEventResponseDto,
    problems: [400, 404, 409],
  })
  addAdverseEvent(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAdverseEventDto,
  ): Promise<AdverseEventResponseDto> {
    return this.records.addAdverseEvent(actor, id, dto);
  }

  @Get('adverse-events')
  @Auth(ADMIN, CLINICIAN, NURSE)
  @Endpoint({
    id: 'listAdverseEvents',
    summary: 'The session’s adverse events',
    ok: AdverseEventPageDto,
    problems: [400, 404],
  })
  listAdverseEvents(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<AdverseEventResponseDto>> {
    return this.records.listAdverseEvents(actor, id, query);
  }

  @Get('adverse-events/:eventId')
  @Auth(ADMIN, CLINICIAN, NURSE)
  @Endpoint({
    id: 'getAdverseEvent',
    summary: 'One adverse event',
    description:
      'The URL a create answered in its Location header. 404 when the session is not in your clinics or the record is not this session’s (SESSION_RECORD_NOT_FOUND).',
    ok: AdverseEventResponseDto,
    problems: [400, 404],
  })
  getAdverseEvent(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('eventId', ParseUUIDPipe) eventId: string,
  ): Promise<AdverseEventResponseDto> {
    return this.records.getAdverseEvent(actor, id, eventId);
  }

  @Post('addenda')
  @Auth(CLINICIAN, NURSE)
  @SetsLocation()
  @Endpoint({
    id: 'addSessionAddendum',
    summary: 'Add a correction to a signed record',
    description:
      'Author and reason are kept; addenda are never edited. 409 SESSION_NOT_SIGNED before signing.',
    created: AddendumResponseDto,
    problems: [400, 404, 409],
  })
  addAddendum(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAddendumDto,
  ): Promise<AddendumResponseDto> {
    return this.records.addAddendum(actor, id, dto);
  }

  @Get('addenda/:addendumId')
  @Auth(ADMIN, CLINICIAN, NURSE)
  @Endpoint({
    id: 'getSessionAddendum',
    summary: 'One addendum',
    description:
      'The URL a create answered in its Location header. 404 when the session is not in your clinics or the record is not this session’s (SESSION_RECORD_NOT_FOUND).',
    ok: AddendumResponseDto,
    problems: [400, 404],
  })
  getAddendum(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('addendumId', ParseUUIDPipe) addendumId: string,
  ): Promise<AddendumResponseDto> {
    return this.records.getAddendum(actor, id, addendumId);
  }
}
