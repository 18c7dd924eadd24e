import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import {
  AssessmentPageDto,
  AssessmentQueryDto,
  AssessmentResponseDto,
  CreateAssessmentDto,
} from 'src/follow-ups/assessment.dto';
import { AssessmentsService } from 'src/follow-ups/assessments.service';
import { CARE_TEAM, CLINICAL_WRITERS } from 'src/follow-ups/care-roles';

@ApiTags('assessments')
@Controller('api/v1/assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @Auth(...CLINICAL_WRITERS)
  @SetsLocation()
  @Endpoint({
    id: 'createAssessment',
    summary: 'Record a rating-scale assessment',
    description:
      'The server validates every item (a wrong number of answers or an out-of-range answer is 400 naming `responses[i]`) ' +
      'and scores it: total, severity band, flags. PHQ-9 item 9 above 0 (severity high) or a positive C-SSRS screen (severity low, ' +
      'moderate or high, its risk level) raises a suicide-risk alert for clinicians in the same transaction (returned in `alerts`). ' +
      'Until a clinician acknowledges a moderate or high alert the patient cannot start an infusion; a low one (C-SSRS Q1/Q2 only) ' +
      'is listed for review but does not block. §5 asks to block only on PHQ-9 item 9 and C-SSRS Q4/Q5/recent behaviour (high); ' +
      'blocking on moderate too is deliberately conservative.',
    created: AssessmentResponseDto,
    problems: [400, 404],
  })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateAssessmentDto,
  ): Promise<AssessmentResponseDto> {
    return this.assessments.create(actor, dto);
  }

  @Get()
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'listAssessments',
    summary: 'List assessments',
    description: 'Newest first; filter by patient, instrument, context or clinic.',
    ok: AssessmentPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: AssessmentQueryDto,
  ): Promise<AssessmentPageDto> {
    return this.assessments.list(actor, query);
  }

  @Get(':id')
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'getAssessment',
    summary: 'Get an assessment',
    ok: AssessmentResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AssessmentResponseDto> {
    return this.assessments.get(actor, id);
  }
}
