import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import {
  ClinicSettingsResponseDto,
  UpdateClinicSettingsDto,
} from 'src/clinics/clinic-settings.dto';
import {
  ClinicPageDto,
  ClinicResponseDto,
  CreateClinicDto,
  UpdateClinicDto,
} from 'src/clinics/clinic.dto';
import { ClinicsService } from 'src/clinics/clinics.service';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';

const IF_MATCH = 'The ETag last read; 412 if the clinic has changed since';

@ApiTags('clinics')
@Controller('api/v1/clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Post()
  @Auth(StaffRole.ADMIN)
  @SetsLocation()
  @Endpoint({
    id: 'createClinic',
    summary: 'Create a clinic',
    description: 'The creating admin becomes a member of the new clinic.',
    created: ClinicResponseDto,
    problems: [400, 409],
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateClinicDto): Promise<ClinicResponseDto> {
    return this.clinics.create(actor, dto);
  }

  @Get()
  @Auth()
  @Endpoint({
    id: 'listClinics',
    summary: 'List my clinics',
    description: 'The clinics the caller belongs to, by name.',
    ok: ClinicPageDto,
    problems: [400],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: PageQueryDto,
  ): Promise<Page<ClinicResponseDto>> {
    return this.clinics.list(actor, query);
  }

  @Get(':id')
  @Auth()
  @Endpoint({
    id: 'getClinic',
    summary: 'Get a clinic',
    ok: ClinicResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClinicResponseDto> {
    return this.clinics.get(actor, id);
  }

  @Patch(':id')
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'updateClinic',
    summary: 'Change a clinic’s details',
    ifMatch: IF_MATCH,
    ok: ClinicResponseDto,
    problems: [400, 404, 412],
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateClinicDto,
    @IfMatch() version: number | undefined,
  ): Promise<ClinicResponseDto> {
    return this.clinics.update(actor, id, dto, version);
  }

  @Get(':id/settings')
  @Auth()
  @Endpoint({
    id: 'getClinicSettings',
    summary: 'Get a clinic’s clinical settings',
    description:
      'Safety thresholds, dose ceiling, schedules and policies, with the documented defaults filled in. `version` (also the ETag) is the clinic’s.',
    ok: ClinicSettingsResponseDto,
    problems: [400, 404],
  })
  getSettings(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClinicSettingsResponseDto> {
    return this.clinics.getSettingsForActor(actor, id);
  }

  @Patch(':id/settings')
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'updateClinicSettings',
    summary: 'Change a clinic’s clinical settings',
    description:
      'Only the settings given change; null is refused (a setting always has a value). The result must stay consistent: SpO2 stop ≤ alert, heart-rate minimum < maximum, systolic alert < stop, diastolic < systolic (400 naming the setting otherwise).',
    ifMatch: IF_MATCH,
    ok: ClinicSettingsResponseDto,
    problems: [400, 404, 412],
  })
  updateSettings(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateClinicSettingsDto,
    @IfMatch() version: number | undefined,
  ): Promise<ClinicSettingsResponseDto> {
    return this.clinics.updateSettings(actor, id, dto, version);
  }
}
