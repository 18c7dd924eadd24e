import { Injectable } from '@nestjs/common';
import { Actor } from 'src/auth/actor';
import {
  AuditChainBreakDto,
  AuditChainBreakReason,
  AuditChainQueryDto,
  AuditChainReportDto,
  AuditChainStatusDto,
} from 'src/audit/audit-chain.dto';
import { ChainRow, verifyStatement } from 'src/audit/audit-chain.sql';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { scopeFor } from 'src/clinics/clinic-scope';
import { SqlService } from 'src/database/sql.service';

@Injectable()
export class AuditChainService {
  constructor(
    private readonly sql: SqlService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Walks the chains of the caller's clinics (and, unless one clinic is asked for, the clinic-less
   * chain) and reports each one's first break. Each verification is itself audited, per chain.
   */
  async verify(actor: Actor, query: AuditChainQueryDto): Promise<AuditChainReportDto> {
    const chains: (string | null)[] = scopeFor(actor, query.clinicId);
    if (!query.clinicId) {
      chains.push(null);
    }
    const rows = await this.sql.rows<ChainRow>(verifyStatement(chains, query.since));
    const statuses = rows.map(toStatus);
    const firstBreak = statuses.find((s) => s.firstBreak)?.firstBreak ?? null;
    for (const status of statuses) {
      await this.audit.record(actor, {
        action: AuditAction.ACTION,
        actionName: 'verify_audit_chain',
        resourceType: 'AuditChain',
        clinicId: status.clinicId,
        details: { intact: status.intact, linksVerified: status.linksVerified },
      });
    }
    return {
      intact: firstBreak === null,
      verifiedAt: new Date().toISOString(),
      firstBreak,
      chains: statuses,
    };
  }
}

function toStatus(row: ChainRow): AuditChainStatusDto {
  return {
    clinicId: row.clinic_id,
    intact: !row.break_reason && !row.unchained_event,
    from: { seq: row.from_seq, link: row.from_link },
    linksVerified: row.head_seq - row.from_seq,
    head: { seq: row.head_seq, link: row.head_link },
    pendingEvents: row.pending,
    firstBreak: breakOf(row),
  };
}

// A broken link comes first: events after it cannot be trusted to be unchained or not.
function breakOf(row: ChainRow): AuditChainBreakDto | null {
  if (row.break_reason && row.break_event) {
    return {
      clinicId: row.clinic_id,
      seq: row.break_seq,
      eventId: row.break_event,
      reason: row.break_reason as AuditChainBreakReason,
    };
  }
  if (row.unchained_event) {
    return {
      clinicId: row.clinic_id,
      seq: null,
      eventId: row.unchained_event,
      reason: AuditChainBreakReason.EVENT_UNCHAINED,
    };
  }
  return null;
}
