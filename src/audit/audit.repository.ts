import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { AuditAction, AuditEventEntity } from 'src/audit/audit-event.entity';

export interface AuditListFilter {
  clinicIds: string[];
  includeClinicless: boolean;
  /** The admin listing: their own clinic-less events are always theirs to see. */
  viewerId?: string;
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

  /** Newest first, keyset on (occurred_at, id). */
  async list(filter: AuditListFilter): Promise<AuditEventEntity[]> {
    const qb = this.events.createQueryBuilder('e');
    // Clinic-less events (logins, staff accounts) are shown only when the staff member they are
    // about (the account for User events, else the actor) works at one of the viewer's clinics,
    // or is the viewer: an admin of clinic B must not see clinic A's staff come and go.
    qb.where(
      filter.includeClinicless
        ? `(e.clinic_id = ANY(:clinics) OR (e.clinic_id IS NULL AND (e.actor_id = :viewerId OR EXISTS (
             SELECT 1 FROM user_clinics uc
              WHERE uc.user_id = CASE WHEN e.resource_type = 'User' THEN e.resource_id ELSE e.actor_id END
                AND uc.clinic_id = ANY(:clinics)))))`
        : 'e.clinic_id = ANY(:clinics)',
      {
        clinics: filter.clinicIds,
        viewerId: filter.viewerId ?? null,
      },
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
