import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { pageAudited, readAudited } from 'src/audit/audited-reads';
import { ConsultationRequestEntity } from 'src/consultations/consultation.entity';
import {
  consultationRequestPage,
  ConsultationRequestSearch,
} from 'src/consultations/consultations.sql';
import { SqlService } from 'src/database/sql.service';

export const CONSULTATION_REQUEST_RESOURCE = 'ConsultationRequest';

@Injectable()
export class ConsultationRequestsRepository {
  constructor(
    @InjectRepository(ConsultationRequestEntity)
    private readonly requests: Repository<ConsultationRequestEntity>,
    private readonly sql: SqlService,
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

  /** One request in scope, with its READ event written by the same statement. */
  readAudited(id: string, actor: Actor): Promise<ConsultationRequestEntity | null> {
    return readAudited(this.sql, ConsultationRequestEntity, 'consultation_requests', id, {
      actor,
      resourceType: CONSULTATION_REQUEST_RESOURCE,
    });
  }

  /** A page of the inbox (plus one row) with its LIST events, in one statement. */
  async searchAudited(
    s: ConsultationRequestSearch,
    actor: Actor,
    filters: string[],
  ): Promise<ConsultationRequestEntity[]> {
    const rows = await pageAudited(this.sql, consultationRequestPage(s), {
      actor,
      resourceType: CONSULTATION_REQUEST_RESOURCE,
      filters,
    });
    return this.sql.entities(
      ConsultationRequestEntity,
      rows.map((r) => r.row),
    );
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
