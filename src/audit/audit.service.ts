import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, PublicCaller } from 'src/auth/actor';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { AuditAction } from 'src/audit/audit-event.entity';
import {
  AuditEventQueryDto,
  AuditEventResponseDto,
  mapAuditEvent,
} from 'src/audit/audit-event.dto';
import { AuditRepository } from 'src/audit/audit.repository';
import { scopeFor } from 'src/clinics/clinic-scope';

export interface AuditRecord {
  action: AuditAction;
  resourceType: string;
  clinicId: string | null;
  resourceId?: string | null;
  resourceIds?: string[];
  actionName?: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  /**
   * Writes one audit event. Writes of patient data pass their transaction's manager so the event
   * commits or rolls back with the change; reads pass none.
   */
  async record(
    caller: Actor | PublicCaller | null,
    record: AuditRecord,
    manager?: EntityManager,
  ): Promise<void> {
    // A public caller (the website's forms) has no account: the event keeps its request and address.
    const actor = caller && 'userId' in caller ? caller : null;
    await this.events.insert(
      {
        clinicId: record.clinicId,
        actorId: actor?.userId ?? null,
        actorRole: actor?.role ?? null,
        action: record.action,
        actionName: record.actionName ?? null,
        resourceType: record.resourceType,
        resourceId: record.resourceId ?? null,
        resourceIds: record.resourceIds ?? null,
        requestId: caller?.requestId ?? null,
        clientIp: caller?.clientIp ?? null,
        details: record.details ?? null,
      },
      manager,
    );
  }

  async list(actor: Actor, query: AuditEventQueryDto): Promise<Page<AuditEventResponseDto>> {
    const rows = await this.events.list({
      clinicIds: scopeFor(actor, query.clinicId),
      includeClinicless: !query.clinicId,
      selfId: actor.userId,
      resourceType: query.resourceType,
      resourceId: query.resourceId,
      actorId: query.actorId,
      action: query.action,
      outcome: query.outcome,
      from: query.from,
      to: query.to,
      after: query.cursor ? decodeCursor(query.cursor, 2, ['timestamp', 'uuid']) : undefined,
      limit: query.limit,
    });
    return toPage(rows, query.limit, mapAuditEvent, (e) => [e.occurredAt.toISOString(), e.id]);
  }
}
