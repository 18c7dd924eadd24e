import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { AuditAction, AuditEventEntity } from 'src/audit/audit-event.entity';

export interface AuditListFilter {
  clinicIds: string[];
  includeClinicless: boolean;
  /** The caller: their own clinic-less events are theirs to see. */
  selfId: string;
  resourceType?: string;
  resourceId?: string;
  actorId?: string;
  action?: AuditAction;
  from?: Date;
  to?: Date;
  after?: CursorValue[];
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
  ) {}

  async insert(event: Partial<AuditEventEntity>, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEventEntity) : this.events;
    // save() of a new entity is one INSERT; reload off skips reading defaults back.
    await repo.save(repo.create(event), { reload: false });
  }

  /** The type of the record a request wrote (created, changed) under this id, if it audited one. */
  async resourceTypeWritten(requestId: string, resourceId: string): Promise<string | null> {
    const event = await this.events
      .createQueryBuilder('e')
      .select('e.resource_type', 'resourceType')
      .where('e.request_id = :requestId AND e.resource_id = :resourceId', { requestId, resourceId })
      .andWhere('e.action <> :read', { read: AuditAction.READ })
      .orderBy('e.occurred_at', 'ASC')
      .limit(1)
      .getRawOne<{ resourceType: string }>();
    return event?.resourceType ?? null;
  }

  /** Newest first, keyset on (occurred_at, id). */
  async list(filter: AuditListFilter): Promise<AuditEventEntity[]> {
    const qb = this.events.createQueryBuilder('e');
    // Events of the admin's clinics; clinic-less ones (by or about a user with no clinic, such as the
    // first admin before any clinic exists) only when they are the caller's own.
    qb.where(
      filter.includeClinicless
        ? '(e.clinic_id = ANY(:clinics) OR (e.clinic_id IS NULL AND (e.actor_id = :self OR e.resource_id = :self)))'
        : 'e.clinic_id = ANY(:clinics)',
      { clinics: filter.clinicIds, self: filter.selfId },
    );
    if (filter.resourceType) {
      qb.andWhere('e.resource_type = :resourceType', { resourceType: filter.resourceType });
    }
    if (filter.resourceId) {
      qb.andWhere('(e.resource_id = :resourceId OR :resourceId = ANY(e.resource_ids))', {
        resourceId: filter.resourceId,
      });
    }
    if (filter.actorId) {
      qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    }
    if (filter.action) {
      qb.andWhere('e.action = :action', { action: filter.action });
    }
    if (filter.from) {
      qb.andWhere('e.occurred_at >= :from', { from: filter.from });
    }
    if (filter.to) {
      qb.andWhere('e.occurred_at < :to', { to: filter.to });
    }
    if (filter.after) {
      qb.andWhere('(e.occurred_at, e.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: filter.after[0],
        afterId: filter.after[1],
      });
    }
    return qb
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
  }
}
