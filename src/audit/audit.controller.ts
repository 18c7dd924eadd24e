import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { Page } from 'src/common/pagination/cursor';
import { AuditChainQueryDto, AuditChainReportDto } from 'src/audit/audit-chain.dto';
import { AuditChainService } from 'src/audit/audit-chain.service';
import {
  AuditEventPageDto,
  AuditEventQueryDto,
  AuditEventResponseDto,
} from 'src/audit/audit-event.dto';
import { AuditService } from 'src/audit/audit.service';

@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly chain: AuditChainService,
  ) {}

  @Get()
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'listAuditEvents',
    summary: 'List audit events',
    description:
      'Who read or changed what, newest first, for the calling admin’s clinics (plus clinic-less events such as logins). ' +
      'Filter by resource, actor, action and time.',
    ok: AuditEventPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: AuditEventQueryDto,
  ): Promise<Page<AuditEventResponseDto>> {
    return this.audit.list(actor, query);
  }

  @Get('verify')
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'verifyAuditChain',
    summary: 'Verify the audit trail has not been altered',
    description:
      'Every audit event is sealed, about a second after it commits, into a SHA-256 hash chain per clinic ' +
      '(and one for clinic-less events). This walks the chains of the calling admin’s clinics and reports, ' +
      'per chain, how many links hold, the last good link (keep it elsewhere: a later report whose chain no ' +
      'longer passes through it shows a rewrite), events still waiting to be sealed, and the first break: ' +
      '`event_altered`, `event_missing`, `chain_gap` or `event_unchained`. Each request walks at most `limit` ' +
      'links, shared among the chains; go on with `cursor` = `next` until `complete` (README "Audit").',
    ok: AuditChainReportDto,
    problems: [400, 404],
  })
  verify(
    @CurrentActor() actor: Actor,
    @Query() query: AuditChainQueryDto,
  ): Promise<AuditChainReportDto> {
    return this.chain.verify(actor, query);
  }
}
