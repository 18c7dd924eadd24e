import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { ApiProblems } from 'src/common/http/api-problems.decorator';
import { Page } from 'src/common/pagination/cursor';
import {
  AuditEventPageDto,
  AuditEventQueryDto,
  AuditEventResponseDto,
} from 'src/audit/audit-event.dto';
import { AuditService } from 'src/audit/audit.service';

@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Auth(StaffRole.ADMIN)
  @ApiOperation({
    operationId: 'listAuditEvents',
    summary: 'List audit events',
    description:
      'Who read or changed what, newest first, for the calling admin’s clinics (plus clinic-less events such as logins). ' +
      'Filter by resource, actor, action and time.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiProblems(400, 404)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: AuditEventQueryDto,
  ): Promise<Page<AuditEventResponseDto>> {
    return this.audit.list(actor, query);
  }
}
