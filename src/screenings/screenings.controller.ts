import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { ApiProblems } from 'src/common/http/api-problems.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import {
  CreateScreeningDto,
  ScreeningPageDto,
  ScreeningResponseDto,
  SignScreeningDto,
} from 'src/screenings/screening.dto';
import { ScreeningsService } from 'src/screenings/screenings.service';

@ApiTags('screenings')
@Controller('api/v1/patients/:patientId/screenings')
export class ScreeningsController {
  constructor(private readonly screenings: ScreeningsService) {}

  @Post()
  @Auth(StaffRole.CLINICIAN)
  @SetsLocation()
  @ApiOperation({
    operationId: 'createScreening',
    summary: 'Record an intake screening',
    description:
      'Records the intake facts and computes eligibility from them with the clinic’s settings: `eligible`, ' +
      '`needs_clinician_review` (relative contraindications, interacting medications by `drugClass` — MAOIs, psychostimulants, ' +
      'sedative-hypnotics, opioids —, heart rate outside the clinic’s pre-dose range, or, for treatment-resistant depression, TRD criteria ' +
      'not met or a baseline PHQ-9 below the clinic’s trdMinBaselinePhq9) ' +
      'or `ineligible` (an absolute contraindication or an exclusion such as pregnancy, active psychosis, blood pressure above ' +
      'the pre-dose hold, or under the minimum age). Each reason carries its code, rule and severity. A screening is a ' +
      'point-in-time record: it is never edited; record a new one when facts change. Baseline scores name a scale of ' +
      '`BaselineScale` and must fit its total range (400 naming the field otherwise).',
  })
  @ApiCreatedResponse({ type: ScreeningResponseDto })
  @ApiProblems(400, 404, 409)
  create(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Body() dto: CreateScreeningDto,
  ): Promise<ScreeningResponseDto> {
    return this.screenings.create(actor, patientId, dto);
  }

  @Get()
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE)
  @ApiOperation({
    operationId: 'listScreenings',
    summary: 'List a patient’s screenings',
    description: 'Newest first, keyset-paginated. Front desk may not read clinical screenings.',
  })
  @ApiOkResponse({ type: ScreeningPageDto })
  @ApiProblems(400, 404)
  list(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<ScreeningResponseDto>> {
    return this.screenings.list(actor, patientId, query);
  }

  @Get(':screeningId')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE)
  @ApiOperation({ operationId: 'getScreening', summary: 'Get a screening' })
  @ApiOkResponse({ type: ScreeningResponseDto })
  @ApiProblems(400, 404)
  get(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Param('screeningId', ParseUUIDPipe) screeningId: string,
  ): Promise<ScreeningResponseDto> {
    return this.screenings.get(actor, patientId, screeningId);
  }

  @Post(':screeningId/sign')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN)
  @ApiOperation({
    operationId: 'signScreening',
    summary: 'Sign the eligibility decision',
    description:
      'The clinician signs the computed decision: who and when are recorded with the required `rationale` (400 RATIONALE_REQUIRED ' +
      'when missing or blank). `override: true` clears relative contraindications; absolute contraindications ' +
      'and exclusions cannot be overridden (422 listing them). A signed screening lets a plan activate while it is ' +
      'eligible (or overridden) and younger than the clinic’s screeningValidityDays. The screening that counts for plans and ' +
      'infusions is always the patient’s latest by screenedAt: a newer unsigned one blocks them until signed. Signing twice answers ' +
      '409 SCREENING_ALREADY_SIGNED; signing a screening older than one already signed answers 409 SCREENING_SUPERSEDED.',
  })
  @ApiOkResponse({ type: ScreeningResponseDto })
  @ApiProblems(400, 404, 409, 422)
  sign(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Param('screeningId', ParseUUIDPipe) screeningId: string,
    @Body() dto: SignScreeningDto,
  ): Promise<ScreeningResponseDto> {
    return this.screenings.sign(actor, patientId, screeningId, dto);
  }
}
