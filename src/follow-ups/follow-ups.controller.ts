import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { CARE_TEAM, CLINICAL_WRITERS } from 'src/follow-ups/care-roles';
import {
  CompleteFollowUpDto,
  CreateFollowUpDto,
  FollowUpPageDto,
  FollowUpQueryDto,
  FollowUpResponseDto,
  MissFollowUpDto,
  OverdueFollowUpQueryDto,
} from 'src/follow-ups/follow-up.dto';
import { FollowUpsService } from 'src/follow-ups/follow-ups.service';

const IF_MATCH = 'The ETag last read; 412 if the follow-up has changed since';

@ApiTags('follow-ups')
@Controller('api/v1/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post()
  @Auth(...CLINICAL_WRITERS)
  @SetsLocation()
  @Endpoint({
    id: 'createFollowUp',
    summary: 'Schedule a follow-up by hand',
    description:
      'Follow-ups after a discharged session are created automatically per the clinic’s followUpDaysAfterSession policy; this adds one by hand. ' +
      'dueDate may be yesterday at the earliest, in the clinic’s time zone (400 DUE_DATE_IN_PAST).',
    created: FollowUpResponseDto,
    problems: [400, 404],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateFollowUpDto,
  ): Promise<FollowUpResponseDto> {
    return this.followUps.create(actor, dto);
  }

  @Get()
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'listFollowUps',
    summary: 'List follow-ups',
    description: 'Earliest due first; filter by patient, status or clinic.',
    ok: FollowUpPageDto,
    problems: [400, 404],
  })
  list(@CurrentActor() actor: Actor, @Query() query: FollowUpQueryDto): Promise<FollowUpPageDto> {
    return this.followUps.list(actor, query);
  }

  @Get('overdue')
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'listOverdueFollowUps',
    summary: 'List a clinic’s overdue follow-ups',
    description:
      'Follow-ups still due whose due date is before today in the clinic’s time zone, earliest first. ' +
      'clinicId is required when the caller belongs to more than one clinic.',
    ok: FollowUpPageDto,
    problems: [400, 404],
  })
  overdue(
    @CurrentActor() actor: Actor,
    @Query() query: OverdueFollowUpQueryDto,
  ): Promise<FollowUpPageDto> {
    return this.followUps.overdue(actor, query);
  }

  @Get(':id')
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'getFollowUp',
    summary: 'Get a follow-up',
    ok: FollowUpResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<FollowUpResponseDto> {
    return this.followUps.get(actor, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Auth(...CLINICAL_WRITERS)
  @Endpoint({
    id: 'completeFollowUp',
    summary: 'Record the follow-up contact',
    description:
      'Method (call, visit, message), when the patient was reached (contactedAt, default now, not in the future), the side-effect ' +
      'check, an outcomeNote and the next step. The notes written when the follow-up was scheduled are kept. Only a due ' +
      'follow-up can be completed (409 otherwise).',
    ok: FollowUpResponseDto,
    problems: [400, 404, 409, 412],
    ifMatch: IF_MATCH,
  })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CompleteFollowUpDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<FollowUpResponseDto> {
    return this.followUps.complete(actor, id, dto, ifMatch);
  }

  @Post(':id/miss')
  @HttpCode(200)
  @Auth(...CLINICAL_WRITERS)
  @Endpoint({
    id: 'missFollowUp',
    summary: 'Mark a follow-up missed',
    description:
      'The patient could not be reached; outcomeNote says why (the scheduling notes are kept). Only a due follow-up (409 otherwise).',
    ok: FollowUpResponseDto,
    problems: [400, 404, 409, 412],
    ifMatch: IF_MATCH,
  })
  miss(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MissFollowUpDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<FollowUpResponseDto> {
    return this.followUps.miss(actor, id, dto, ifMatch);
  }
}
