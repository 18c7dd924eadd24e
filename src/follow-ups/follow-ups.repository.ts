import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { pageAudited, readAudited } from 'src/audit/audited-reads';
import { SqlService } from 'src/database/sql.service';
import { FollowUpEntity } from 'src/follow-ups/follow-up.entity';
import { followUpPage, FollowUpSearch } from 'src/follow-ups/follow-ups.sql';

export const FOLLOW_UP_RESOURCE = 'FollowUp';

@Injectable()
export class FollowUpsRepository {
  constructor(
    @InjectRepository(FollowUpEntity) private readonly repo: Repository<FollowUpEntity>,
    private readonly sql: SqlService,
  ) {}

  async insert(manager: EntityManager, row: Partial<FollowUpEntity>): Promise<FollowUpEntity> {
    const repo = manager.getRepository(FollowUpEntity);
    return repo.save(repo.create(row));
  }

  /** Skips rows the unique (session_id, due_date) index already holds: a retried discharge adds nothing. */
  async insertAutomatic(
    manager: EntityManager,
    rows: Partial<FollowUpEntity>[],
  ): Promise<string[]> {
    if (rows.length === 0) {
      return [];
    }
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(FollowUpEntity)
      .values(rows)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  async findInScope(
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<FollowUpEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = (manager ?? this.repo.manager)
      .getRepository(FollowUpEntity)
      .createQueryBuilder('f')
      .where('f.id = :id AND f.clinic_id = ANY(:scope)', { id, scope });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** Earliest due first, keyset over (due_date, id). */
  /** One follow-up in scope, with its READ event written by the same statement. */
  readAudited(id: string, actor: Actor): Promise<FollowUpEntity | null> {
    return readAudited(this.sql, FollowUpEntity, 'follow_ups', id, {
      actor,
      resourceType: FOLLOW_UP_RESOURCE,
    });
  }

  /** A page (plus one row) with its LIST events, in one statement. */
  async searchAudited(
    s: FollowUpSearch,
    actor: Actor,
    filters: string[],
  ): Promise<FollowUpEntity[]> {
    const rows = await pageAudited(this.sql, followUpPage(s), {
      actor,
      resourceType: FOLLOW_UP_RESOURCE,
      filters,
    });
    return this.sql.entities(
      FollowUpEntity,
      rows.map((r) => r.row),
    );
  }

  async save(manager: EntityManager, row: FollowUpEntity): Promise<FollowUpEntity> {
    return manager.getRepository(FollowUpEntity).save(row);
  }
}
