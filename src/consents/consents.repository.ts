import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { ConsentEntity, ConsentKind } from 'src/consents/consent.entity';

@Injectable()
export class ConsentsRepository {
  constructor(
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
  ) {}

  private repo(manager?: EntityManager): Repository<ConsentEntity> {
    return manager ? manager.getRepository(ConsentEntity) : this.consents;
  }

  async insert(manager: EntityManager, consent: Partial<ConsentEntity>): Promise<ConsentEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create(consent));
  }

  async save(manager: EntityManager, consent: ConsentEntity): Promise<ConsentEntity> {
    return this.repo(manager).save(consent);
  }

  async findForPatient(
    patientId: string,
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ConsentEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = this.repo(manager)
      .createQueryBuilder('c')
      .where('c.id = :id AND c.patient_id = :patientId AND c.clinic_id = ANY(:scope)', {
        id,
        patientId,
        scope,
      });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** Keyset over (created_at, id), newest first. */
  async listForPatient(
    patientId: string,
    scope: string[],
    after: CursorValue[] | undefined,
    limit: number,
  ): Promise<ConsentEntity[]> {
    const qb = this.consents
      .createQueryBuilder('c')
      .where('c.patient_id = :patientId AND c.clinic_id = ANY(:scope)', { patientId, scope });
    if (after) {
      qb.andWhere('(c.created_at, c.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after[0],
        afterId: after[1],
      });
    }
    return qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  async existsActive(
    patientId: string,
    kind: ConsentKind,
    at: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.repo(manager)
      .createQueryBuilder('c')
      .where('c.patient_id = :patientId AND c.kind = :kind AND c.revoked_at IS NULL', {
        patientId,
        kind,
      })
      .andWhere('c.signed_at <= :at AND (c.expires_at IS NULL OR c.expires_at > :at)', { at })
      .getExists();
  }
}
