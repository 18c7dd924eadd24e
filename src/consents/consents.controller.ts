import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import {
  ConsentPageDto,
  ConsentResponseDto,
  CreateConsentDto,
  RevokeConsentDto,
} from 'src/consents/consent.dto';
import { ConsentsService } from 'src/consents/consents.service';

@ApiTags('consents')
@Controller('api/v1/patients/:patientId/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Post()
  @Auth(StaffRole.CLINICIAN, StaffRole.NURSE)
  @SetsLocation()
  @Endpoint({
    id: 'createConsent',
    summary: 'Record a signed consent',
    description:
      'Records a consent the patient signed, witnessed by an active staff member of the clinic (default: the caller). ' +
      'A `ketamine_infusion_off_label` consent that is signed, unrevoked and unexpired is what the infusion gate requires.',
    created: ConsentResponseDto,
    problems: [400, 404],
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Body() dto: CreateConsentDto,
  ): Promise<ConsentResponseDto> {
    return this.consents.create(actor, patientId, dto);
  }

  @Get()
  @Auth()
  @Endpoint({
    id: 'listConsents',
    summary: 'List a patient’s consents',
    description: 'Newest first, revoked ones included (with `active: false`).',
    ok: ConsentPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<ConsentResponseDto>> {
    return this.consents.list(actor, patientId, query);
  }

  @Get(':consentId')
  @Auth()
  @Endpoint({
    id: 'getConsent',
    summary: 'Get a consent',
    ok: ConsentResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Param('consentId', ParseUUIDPipe) consentId: string,
  ): Promise<ConsentResponseDto> {
    return this.consents.get(actor, patientId, consentId);
  }

  @Post(':consentId/revoke')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN, StaffRole.NURSE)
  @Endpoint({
    id: 'revokeConsent',
    summary: 'Revoke a consent',
    description:
      'The patient withdrew consent: kept on record with who revoked it, when and why. 409 if already revoked.',
    ok: ConsentResponseDto,
    problems: [400, 404, 409],
  })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Param('consentId', ParseUUIDPipe) consentId: string,
    @Body() dto: RevokeConsentDto,
  ): Promise<ConsentResponseDto> {
    return this.consents.revoke(actor, patientId, consentId, dto);
  }
}
