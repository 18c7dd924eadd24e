import { Injectable } from '@nestjs/common';
import { Actor } from 'src/auth/actor';
import {
  ChainPosition,
  CLINICLESS_CHAIN,
  decodeChainCursor,
  encodeChainCursor,
} from 'src/audit/audit-chain.cursor';
import {
  AuditChainBreakDto,
  AuditChainBreakReason,
  AuditChainQueryDto,
  AuditChainReportDto,
  AuditChainStatusDto,
} from 'src/audit/audit-chain.dto';
import {
  CHAIN_START,
  ChainRow,
  ChainWalk,
  sinceStatement,
  verifyStatement,
} from 'src/audit/audit-chain.sql';
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
   * chain), `limit` links among them, and reports each one's first break. Each request is itself
   * audited, per chain.
   */
  async verify(actor: Actor, query: AuditChainQueryDto): Promise<AuditChainReportDto> {
    const clinicIds: (string | null)[] = scopeFor(actor, query.clinicId);
    if (!query.clinicId) {
      clinicIds.push(null);
    }
    const walks = await this.startsOf(clinicIds, query);
    // A request's work is bounded however many clinics it covers.
    const perChain = Math.max(1, Math.floor(query.limit / walks.length));
    const rows = await this.sql.rows<ChainRow>(verifyStatement(walks, perChain));
    const chains = rows.map(toStatus);
    const firstBreak = chains.find((c) => c.firstBreak)?.firstBreak ?? null;
    const complete = chains.every((c) => c.complete);
    for (const chain of chains) {
      await this.audit.record(actor, {
        action: AuditAction.ACTION,
        actionName: 'verify_audit_chain',
        resourceType: 'AuditChain',
        clinicId: chain.clinicId,
        details: { intact: chain.intact, from: chain.from.seq, to: chain.head.seq },
      });
    }
    return {
      intact: firstBreak === null,
      complete,
      next:
        firstBreak || complete
          ? null
          : encodeChainCursor(new Map(chains.map((c) => [keyOf(c.clinicId), c.head]))),
      verifiedAt: new Date().toISOString(),
      firstBreak,
      chains,
    };
  }

  /** Where each chain's walk starts: the cursor's place, else the last link before `since`, else 0. */
  private async startsOf(
    clinicIds: (string | null)[],
    query: AuditChainQueryDto,
  ): Promise<ChainWalk[]> {
    let starts = new Map<string, ChainPosition>();
    if (query.cursor) {
      starts = decodeChainCursor(query.cursor);
    } else if (query.since) {
      const rows = await this.sql.rows<{ chain_key: string } & ChainPosition>(
        sinceStatement(clinicIds, query.since),
      );
      starts = new Map(rows.map((r) => [r.chain_key, { seq: r.seq, link: r.link }]));
    }
    return clinicIds.map((clinicId) => ({
      clinicId,
      from: starts.get(keyOf(clinicId)) ?? CHAIN_START,
    }));
  }
}

const keyOf = (clinicId: string | null) => clinicId ?? CLINICLESS_CHAIN;

function toStatus(row: ChainRow): AuditChainStatusDto {
  const from = { seq: row.from_seq, link: row.from_link };
  const broken = breakOf(row);
  const head = broken
    ? row.from_moved
      ? from
      : { seq: row.prev_seq ?? 0, link: row.prev_link ?? CHAIN_START.link }
    : { seq: row.page_seq ?? row.from_seq, link: row.page_link ?? row.from_link };
  const complete = !broken && head.seq === row.last_seq;
  const unchained =
    complete && row.unchained_event
      ? {
          clinicId: row.clinic_id,
          seq: null,
          eventId: row.unchained_event,
          reason: AuditChainBreakReason.EVENT_UNCHAINED,
        }
      : null;
  const firstBreak = broken ?? unchained;
  return {
    clinicId: row.clinic_id,
    intact: firstBreak === null,
    from,
    linksVerified: head.seq - from.seq,
    head,
    complete: complete && !unchained,
    pendingEvents: row.pending,
    firstBreak,
  };
}

/**
 * The first broken link: the start itself when it is no longer the link a previous page stopped
 * at (the chain was rewritten under the walk), else the first link that does not follow from the
 * one before it.
 */
function breakOf(row: ChainRow): AuditChainBreakDto | null {
  if (row.from_moved) {
    return {
      clinicId: row.clinic_id,
      seq: row.from_seq,
      eventId: row.from_event,
      reason: row.from_event
        ? AuditChainBreakReason.EVENT_ALTERED
        : AuditChainBreakReason.CHAIN_GAP,
    };
  }
  if (row.break_reason && row.break_event && row.break_seq !== null) {
    const reason = row.break_reason as AuditChainBreakReason;
    return {
      clinicId: row.clinic_id,
      seq: reason === AuditChainBreakReason.CHAIN_GAP ? (row.prev_seq ?? 0) + 1 : row.break_seq,
      eventId: row.break_event,
      reason,
    };
  }
  return null;
}
