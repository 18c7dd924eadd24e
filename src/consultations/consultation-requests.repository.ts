import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { ConsultationRequestStatus } from 'src/consultations/consultation-request.rules';
import { ConsultationRequestEntity } from 'src/consultations/consultation.entity';

export interface ConsultationRequestSearch {
  scope: string[];
  status?: ConsultationRequestStatus;
  after?: CursorValue[];
  limit: number;
}

@Injectable()
export class ConsultationRequestsRepository {
  constructor(
    @InjectRepository(ConsultationRequestEntity)
    private readonly requests: Repository<ConsultationRequestEntity>,
  ) {}

  /** Scoped in the query: another clinic's request is simply not found. */
  async findInScope(
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ConsultationRequestEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = (manager ?? this.requests.manager)
      .getRepository(ConsultationRequestEntity)
      .createQueryBuilder('r')
      .where('r.id = :id AND r.clinic_id = ANY(:scope)', { id, scope });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** The inbox: newest first, keyset over (created_at, id) descending. */
  async search(s: ConsultationRequestSearch): Promise<ConsultationRequestEntity[]> {
    if (s.scope.length === 0) {
      return [];
    }
    const qb = this.requests
      .createQueryBuilder('r')
      .where('r.clinic_id = ANY(:scope)', { scope: s.scope });
    if (s.status) {
      qb.andWhere('r.status = :status', { status: s.status });
    }
    if (s.after) {
      qb.andWhere('(r.created_at, r.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: s.after[0],
        afterId: s.after[1],
      });
    }
    return qb
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(s.limit + 1)
      .getMany();
  }

  async insert(
    manager: EntityManager,
    request: Partial<ConsultationRequestEntity>,
  ): Promise<ConsultationRequestEntity> {
    const repo = manager.getRepository(ConsultationRequestEntity);
    return repo.save(repo.create(request));
  }

  async save(
    manager: EntityManager,
    request: ConsultationRequestEntity,
  ): Promise<ConsultationRequestEntity> {
    return manager.getRepository(ConsultationRequestEntity).save(request);
  }
}
