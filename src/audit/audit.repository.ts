import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { AuditAction, AuditEventEntity, AuditOutcome } from 'src/audit/audit-event.entity';
import { auditEventsStatement } from 'src/audit/audit-events.sql';
import { SqlService } from 'src/database/sql.service';

export interface AuditListFilter {
  clinicIds: string[];
  includeClinicless: boolean;
  /** The caller: their own clinic-less events are theirs to see. */
  selfId: string;
  resourceType?: string;
  resourceId?: string;
  actorId?: string;
  action?: AuditAction;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  after?: CursorValue[];
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
    private readonly sql: SqlService,
  ) {}

  async insert(event: Partial<AuditEventEntity>, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEventEntity) : this.events;
    // save() of a new entity is one INSERT; reload off skips reading defaults back.
    await repo.save(repo.create(event), { reload: false });
  }

  /** Newest first, keyset on (occurred_at, id); one statement (audit-events.sql.ts). */
  async list(filter: AuditListFilter): Promise<AuditEventEntity[]> {
    const rows = await this.sql.rows<{ event: unknown }>(auditEventsStatement(filter));
    return this.sql.entities(
      AuditEventEntity,
      rows.map((r) => r.event),
    );
  }
}
