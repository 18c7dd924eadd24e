import {
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
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
import { ApiProblems } from 'src/common/http/api-problems.decorator';
import { parseIfMatch } from 'src/common/http/etag';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';

@ApiTags('clinics')
@Controller('api/v1/clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Post()
  @Auth(StaffRole.ADMIN)
  @SetsLocation()
  @ApiOperation({
    operationId: 'createClinic',
    summary: 'Create a clinic',
    description: 'The creating admin becomes a member of the new clinic.',
  })
  @ApiCreatedResponse({ type: ClinicResponseDto })
  @ApiProblems(400, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateClinicDto): Promise<ClinicResponseDto> {
    return this.clinics.create(actor, dto);
  }

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listClinics',
    summary: 'List my clinics',
    description: 'The clinics the caller belongs to, by name.',
  })
  @ApiOkResponse({ type: ClinicPageDto })
  @ApiProblems(400)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: PageQueryDto,
  ): Promise<Page<ClinicResponseDto>> {
    return this.clinics.list(actor, query);
  }

  @Get(':id')
  @Auth()
  @ApiOperation({ operationId: 'getClinic', summary: 'Get a clinic' })
  @ApiOkResponse({ type: ClinicResponseDto })
  @ApiProblems(400, 404)
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClinicResponseDto> {
    return this.clinics.get(actor, id);
  }

  @Patch(':id')
  @Auth(StaffRole.ADMIN)
  @ApiOperation({ operationId: 'updateClinic', summary: 'Change a clinic’s details' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; 412 if the clinic has changed since',
  })
  @ApiOkResponse({ type: ClinicResponseDto })
  @ApiProblems(400, 404, 412)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateClinicDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ClinicResponseDto> {
    return this.clinics.update(actor, id, dto, parseIfMatch(ifMatch));
  }

  @Get(':id/settings')
  @Auth()
  @ApiOperation({
    operationId: 'getClinicSettings',
    summary: 'Get a clinic’s clinical settings',
    description:
      'Safety thresholds, dose ceiling, schedules and policies, with the documented defaults filled in. `version` (also the ETag) is the clinic’s.',
  })
  @ApiOkResponse({ type: ClinicSettingsResponseDto })
  @ApiProblems(400, 404)
  getSettings(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClinicSettingsResponseDto> {
    return this.clinics.getSettingsForActor(actor, id);
  }

  @Patch(':id/settings')
  @Auth(StaffRole.ADMIN)
  @ApiOperation({
    operationId: 'updateClinicSettings',
    summary: 'Change a clinic’s clinical settings',
    description:
      'Only the settings given change; null is refused (a setting always has a value). The result must stay consistent: SpO2 stop ≤ alert, heart-rate minimum < maximum, systolic alert < stop, diastolic < systolic (400 naming the setting otherwise).',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; 412 if the clinic has changed since',
  })
  @ApiOkResponse({ type: ClinicSettingsResponseDto })
  @ApiProblems(400, 404, 412)
  updateSettings(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateClinicSettingsDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ClinicSettingsResponseDto> {
    return this.clinics.updateSettings(actor, id, dto, parseIfMatch(ifMatch));
  }
}
