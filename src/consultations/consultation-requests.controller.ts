import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor, Public } from 'src/auth/auth.decorators';
import { ApiProblem } from 'src/common/http/api-problems.decorator';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { requestIdOf } from 'src/common/logging';
import { Page } from 'src/common/pagination/cursor';
import {
  ConsultationRequestAcceptedDto,
  ConsultationRequestPageDto,
  ConsultationRequestQueryDto,
  ConsultationRequestResponseDto,
  ConvertConsultationRequestDto,
  CreateConsultationRequestDto,
  DeclineConsultationRequestDto,
} from 'src/consultations/consultation-request.dto';
import { ConsultationConversionService } from 'src/consultations/consultation-conversion.service';
import { ConsultationRequestsService } from 'src/consultations/consultation-requests.service';
import { PublicFormGuard } from 'src/consultations/public-form.guard';

const IF_MATCH = 'The ETag last read; 412 if the request has changed since';
const INBOX = [StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.FRONT_DESK];
const HANDLERS = [StaffRole.ADMIN, StaffRole.FRONT_DESK];

@ApiTags('consultation-requests')
@Controller('api/v1/consultation-requests')
export class ConsultationRequestsController {
  constructor(
    private readonly requests: ConsultationRequestsService,
    private readonly conversion: ConsultationConversionService,
  ) {}

  @Post()
  @Public()
  @UseGuards(PublicFormGuard)
  @HttpCode(202)
  @ApiTags('public')
  @Endpoint({
    id: 'submitConsultationRequest',
    summary: 'Request an appointment (public website form)',
    description:
      'No token needed. Lands in the preferred clinic’s inbox for front desk. Answers only a reference id and a fixed message, ' +
      'never what was stored or whether the person or clinic is known. preferredClinicId must come from GET /api/v1/public/clinics ' +
      '(an unlisted or unknown id is a 400 naming the field); consentToContact must be true; the contact detail named by ' +
      'preferredContactMethod is required. `website` is a honeypot: forms must hide it and leave it empty; a submission that fills ' +
      'it is answered the same way and discarded. Rate limited per client address (PUBLIC_RATE_LIMIT per minute, default 5); ' +
      'bodies over 16 KiB are refused.',
    problems: [400, 429],
  })
  @ApiAcceptedResponse({ type: ConsultationRequestAcceptedDto })
  @ApiProblem(413, 'The body is larger than a form needs (16 KiB)')
  submit(
    @Req() request: Request,
    @Body() dto: CreateConsultationRequestDto,
  ): Promise<ConsultationRequestAcceptedDto> {
    return this.requests.submit(
      { requestId: requestIdOf(request), clientIp: request.ip ?? null },
      dto,
    );
  }

  @Get()
  @Auth(...INBOX)
  @Endpoint({
    id: 'listConsultationRequests',
    summary: 'The consultation request inbox',
    description:
      'Requests of the caller’s clinics, newest first, keyset-paginated; filter by status and clinic. Each read is audited.',
    ok: ConsultationRequestPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ConsultationRequestQueryDto,
  ): Promise<Page<ConsultationRequestResponseDto>> {
    return this.requests.list(actor, query);
  }

  @Get(':id')
  @Auth(...INBOX)
  @Endpoint({
    id: 'getConsultationRequest',
    summary: 'Get a consultation request',
    description:
      'The requester’s details as sent from the website (PHI: every read is audited), its status and, once converted, the patient and appointment.',
    ok: ConsultationRequestResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ConsultationRequestResponseDto> {
    return this.requests.get(actor, id);
  }

  @Post(':id/mark-contacted')
  @HttpCode(200)
  @Auth(...HANDLERS)
  @Endpoint({
    id: 'markConsultationRequestContacted',
    summary: 'Record that front desk reached the person',
    description: 'new → contacted; from any other status 409.',
    ok: ConsultationRequestResponseDto,
    problems: [400, 404, 409, 412],
    ifMatch: IF_MATCH,
  })
  markContacted(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<ConsultationRequestResponseDto> {
    return this.requests.markContacted(actor, id, ifMatch);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Auth(...HANDLERS)
  @Endpoint({
    id: 'declineConsultationRequest',
    summary: 'Decline a consultation request',
    description:
      'new or contacted → declined, with a reason; converted or declined requests answer 409.',
    ok: ConsultationRequestResponseDto,
    problems: [400, 404, 409, 412],
    ifMatch: IF_MATCH,
  })
  decline(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DeclineConsultationRequestDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<ConsultationRequestResponseDto> {
    return this.requests.decline(actor, id, dto, ifMatch);
  }

  @Post(':id/convert')
  @HttpCode(200)
  @Auth(...HANDLERS)
  @Endpoint({
    id: 'convertConsultationRequest',
    summary: 'Convert a request into a patient and a consultation appointment',
    description:
      'One transaction: registers a new patient (the `patient` fields, with the same rules as POST /api/v1/patients; fields left out ' +
      'are taken from the request) or uses an existing patient of the clinic (`patientId`), books the consultation with an active ' +
      'clinician of the clinic, and marks the request converted. A clinician already booked at an overlapping time answers 409 ' +
      'CLINICIAN_DOUBLE_BOOKED; converting a converted or declined request answers 409 ILLEGAL_REQUEST_TRANSITION. On any error ' +
      'nothing is kept.',
    ok: {
      type: ConsultationRequestResponseDto,
      description: 'The converted request, naming the patient and the appointment',
    },
    problems: [400, 404, 409, 412],
    ifMatch: IF_MATCH,
  })
  convert(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ConvertConsultationRequestDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<ConsultationRequestResponseDto> {
    return this.conversion.convert(actor, id, dto, ifMatch);
  }
}
