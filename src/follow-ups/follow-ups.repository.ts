import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { FollowUpEntity } from 'src/follow-ups/follow-up.entity';
import { FollowUpStatus } from 'src/follow-ups/follow-up.rules';

export interface FollowUpSearch {
  scope: string[];
  patientId?: string;
  status?: FollowUpStatus;
  /** Overdue: only due ones dated before this. */
  dueBefore?: string;
  after?: CursorValue[];
  limit: number;
}

@Injectable()
export class FollowUpsRepository {
  constructor(
    @InjectRepository(FollowUpEntity) private readonly repo: Repository<FollowUpEntity>,
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
  async search(s: FollowUpSearch): Promise<FollowUpEntity[]> {
    if (s.scope.length === 0) {
      return [];
    }
    const qb = this.repo
      .createQueryBuilder('f')
      .where('f.clinic_id = ANY(:scope)', { scope: s.scope });
    if (s.patientId) qb.andWhere('f.patient_id = :patientId', { patientId: s.patientId });
    if (s.status) qb.andWhere('f.status = :status', { status: s.status });
    if (s.dueBefore) {
      qb.andWhere('f.status = :due AND f.due_date < :today::date', {
        due: FollowUpStatus.DUE,
        today: s.dueBefore,
      });
    }
    if (s.after) {
      qb.andWhere('(f.due_date, f.id) > (:afterDate::date, :afterId::uuid)', {
        afterDate: s.after[0],
        afterId: s.after[1],
      });
    }
    return qb
      .orderBy('f.due_date', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .limit(s.limit + 1)
      .getMany();
  }

  async save(manager: EntityManager, row: FollowUpEntity): Promise<FollowUpEntity> {
    return manager.getRepository(FollowUpEntity).save(row);
  }
}
