import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { ApiProblem } from 'src/common/http/api-problems.decorator';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { BpRecheckCheck } from 'src/screenings/bp-recheck.rules';
import {
  CreateScreeningDto,
  RecheckScreeningBloodPressureDto,
  ScreeningPageDto,
  ScreeningResponseDto,
  SignScreeningDto,
} from 'src/screenings/screening.dto';
import { ScreeningBpRecheckService } from 'src/screenings/screening-bp-recheck.service';
import { ScreeningsService } from 'src/screenings/screenings.service';

@ApiTags('screenings')
@Controller('api/v1/patients/:patientId/screenings')
export class ScreeningsController {
  constructor(
    private readonly screenings: ScreeningsService,
    private readonly bpRecheck: ScreeningBpRecheckService,
  ) {}

  @Post()
  @Auth(StaffRole.CLINICIAN)
  @SetsLocation()
  @Endpoint({
    id: 'createScreening',
    summary: 'Record an intake screening',
    description:
      'Records the intake facts and computes eligibility from them with the clinic’s settings: `eligible`, ' +
      '`needs_clinician_review` (relative contraindications, interacting medications by `drugClass` — MAOIs, psychostimulants, ' +
      'sedative-hypnotics, opioids —, heart rate outside the clinic’s pre-dose range, or, for treatment-resistant depression, TRD criteria ' +
      'not met or a baseline PHQ-9 below the clinic’s trdMinBaselinePhq9) ' +
      'or `ineligible` (an absolute contraindication or an exclusion such as pregnancy, active psychosis, blood pressure above ' +
      'the pre-dose hold (which may be re-checked once after rest: `POST …/{screeningId}/bp-recheck`), or under the minimum age). Each reason carries its code, rule and severity. A screening is a ' +
      'point-in-time record: it is never edited; record a new one when facts change. Baseline scores name a scale of ' +
      '`BaselineScale` and must fit its total range (400 naming the field otherwise).',
    created: ScreeningResponseDto,
    problems: [400, 404, 409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Body() dto: CreateScreeningDto,
  ): Promise<ScreeningResponseDto> {
    return this.screenings.create(actor, patientId, dto);
  }

  @Get()
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE)
  @Endpoint({
    id: 'listScreenings',
    summary: 'List a patient’s screenings',
    description: 'Newest first, keyset-paginated. Front desk may not read clinical screenings.',
    ok: ScreeningPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<ScreeningResponseDto>> {
    return this.screenings.list(actor, patientId, query);
  }

  @Get(':screeningId')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE)
  @Endpoint({
    id: 'getScreening',
    summary: 'Get a screening',
    ok: ScreeningResponseDto,
    problems: [400, 404],
  })
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
  @Endpoint({
    id: 'signScreening',
    summary: 'Sign the eligibility decision',
    description:
      'The clinician signs the computed decision: who and when are recorded with the required `rationale` (400 RATIONALE_REQUIRED ' +
      'when missing or blank). `override: true` clears relative contraindications; absolute contraindications ' +
      'and exclusions cannot be overridden (422 listing them). A signed screening lets a plan activate while it is ' +
      'eligible (or overridden) and younger than the clinic’s screeningValidityDays. The screening that counts for plans and ' +
      'infusions is always the patient’s latest by screenedAt: a newer unsigned one blocks them until signed. Signing twice answers ' +
      '409 SCREENING_ALREADY_SIGNED; signing a screening older than one already signed answers 409 SCREENING_SUPERSEDED.',
    ok: ScreeningResponseDto,
    problems: [400, 404, 409, 422],
  })
  sign(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Param('screeningId', ParseUUIDPipe) screeningId: string,
    @Body() dto: SignScreeningDto,
  ): Promise<ScreeningResponseDto> {
    return this.screenings.sign(actor, patientId, screeningId, dto);
  }

  @Post(':screeningId/bp-recheck')
  @HttpCode(200)
  @Auth(StaffRole.CLINICIAN, StaffRole.NURSE)
  @Endpoint({
    id: 'recheckScreeningBloodPressure',
    summary: 'Re-check the screening blood pressure after rest',
    description:
      'Ketamine-clinic reference §2.3: "allow a re-check after 5 to 10 min of rest before holding". When the screening’s first ' +
      'reading (`systolicBp`/`diastolicBp`, taken at `screenedAt`) is above the clinic’s preDoseHoldSystolic/Diastolic, a ' +
      'clinician or nurse records one re-check `{systolic, diastolic, measuredAt, restedMinutes?}` taken at least ' +
      '`bpRecheckMinRestMinutes` (default 5) and at most `bpRecheckMaxMinutes` (default 30, so that it still describes the same ' +
      'visit) after the first reading. Eligibility is computed again judging the re-check; the first reading stays on the record. ' +
      'The response is the whole screening: `bloodPressure` (first), `bloodPressureRecheck` and `decisionBloodPressure` ' +
      '(`initial` or `recheck`, the reading the decision judged). 422 `BP_RECHECK_NOT_ALLOWED` lists each failed check ' +
      `(${Object.values(BpRecheckCheck).join(', ')}) and changes nothing. ` +
      'One re-check per screening (a second answers 409 `BP_RECHECK_ALREADY_RECORDED`; a still-high re-check holds, and a new ' +
      'screening measures again); a signed screening cannot change (409 `SCREENING_ALREADY_SIGNED`); an archived patient 409 ' +
      '`PATIENT_ARCHIVED`. A future `measuredAt` or a malformed body answers 400.',
    ok: ScreeningResponseDto,
  })
  // The problem responses carry examples of their own.
  @ApiProblem(400, 'Invalid input, e.g. `measuredAt` in the future (see `errors`)', {
    code: 'VALIDATION_FAILED',
    detail: 'measuredAt must not be in the future',
    errors: [{ field: 'measuredAt', message: 'measuredAt must not be in the future' }],
  })
  @ApiProblem(404, 'No such patient or screening, or it belongs to another clinic', {
    code: 'SCREENING_NOT_FOUND',
    detail: 'Screening not found',
  })
  @ApiProblem(
    409,
    'The screening is signed (`SCREENING_ALREADY_SIGNED`), already re-checked (`BP_RECHECK_ALREADY_RECORDED`) or the patient archived (`PATIENT_ARCHIVED`)',
    {
      code: 'BP_RECHECK_ALREADY_RECORDED',
      detail:
        'The screening already has its blood-pressure re-check; record a new screening to measure again',
    },
  )
  @ApiProblem(
    422,
    'The re-check may not replace the first reading (`BP_RECHECK_NOT_ALLOWED`, see `failedChecks`)',
    {
      code: 'BP_RECHECK_NOT_ALLOWED',
      detail: 'The blood-pressure re-check cannot replace the first reading: 1 check(s) failed',
      failedChecks: [
        {
          check: BpRecheckCheck.RECHECK_TOO_SOON,
          message:
            'The re-check was measured 2 min after the first reading; the clinic needs at least 5 min of rest',
          overridable: false,
        },
      ],
    },
  )
  recheckBloodPressure(
    @CurrentActor() actor: Actor,
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Param('screeningId', ParseUUIDPipe) screeningId: string,
    @Body() dto: RecheckScreeningBloodPressureDto,
  ): Promise<ScreeningResponseDto> {
    return this.bpRecheck.recheck(actor, patientId, screeningId, dto);
  }
}
