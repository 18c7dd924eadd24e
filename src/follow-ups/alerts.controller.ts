import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import {
  AcknowledgeAlertDto,
  AlertPageDto,
  AlertQueryDto,
  AlertResponseDto,
} from 'src/follow-ups/alert.dto';
import { AlertsService } from 'src/follow-ups/alerts.service';
import { ALERT_REVIEWERS, CARE_TEAM } from 'src/follow-ups/care-roles';

@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'listAlerts',
    summary: 'List suicide-risk alerts',
    description:
      'Alerts of the caller’s clinics, newest first; `status=open` gives the ones still awaiting clinician review. ' +
      'Severity `low` (a C-SSRS screen positive on Q1/Q2 only) is for review and does not block an infusion; ' +
      '`moderate` and `high` block it until acknowledged (moderate deliberately conservatively: §5 names only high-risk answers).',
    ok: AlertPageDto,
    problems: [400, 404],
  })
  list(@CurrentActor() actor: Actor, @Query() query: AlertQueryDto): Promise<AlertPageDto> {
    return this.alerts.list(actor, query);
  }

  @Get(':id')
  @Auth(...CARE_TEAM)
  @Endpoint({ id: 'getAlert', summary: 'Get an alert', ok: AlertResponseDto, problems: [400, 404] })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AlertResponseDto> {
    return this.alerts.get(actor, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Auth(...ALERT_REVIEWERS)
  @Endpoint({
    id: 'acknowledgeAlert',
    summary: 'Acknowledge an alert after clinician review',
    description:
      'Records the reviewing clinician, the time and a note. An alert is acknowledged once (409 after). ' +
      'While a patient has an open moderate or high alert, the pre-infusion gate refuses to start an infusion ' +
      '(SUICIDE_RISK_ALERT_UNREVIEWED, not overridable), so only clinicians may acknowledge: not admins, not nurses.',
    ok: AlertResponseDto,
    problems: [400, 404, 409, 412],
    ifMatch: 'The ETag last read; 412 if stale',
  })
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AcknowledgeAlertDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<AlertResponseDto> {
    return this.alerts.acknowledge(actor, id, dto, ifMatch);
  }
}
