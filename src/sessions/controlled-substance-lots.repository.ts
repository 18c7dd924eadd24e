import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import {
  ControlledSubstanceLotEntity,
  LedgerEntryEntity,
} from 'src/sessions/controlled-substance-lot.entity';

@Injectable()
export class ControlledSubstanceLotsRepository {
  constructor(
    @InjectRepository(ControlledSubstanceLotEntity)
    private readonly lots: Repository<ControlledSubstanceLotEntity>,
    @InjectRepository(LedgerEntryEntity)
    private readonly entries: Repository<LedgerEntryEntity>,
  ) {}

  private lotRepo(manager?: EntityManager): Repository<ControlledSubstanceLotEntity> {
    return manager ? manager.getRepository(ControlledSubstanceLotEntity) : this.lots;
  }

  async findInClinic(
    clinicId: string,
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ControlledSubstanceLotEntity | null> {
    const qb = this.lotRepo(manager)
      .createQueryBuilder('l')
      .where('l.id = :id AND l.clinic_id = :clinicId AND l.clinic_id = ANY(:scope)', {
        id,
        clinicId,
        scope,
      });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** Keyset over (created_at, id). */
  async list(
    clinicId: string,
    limit: number,
    after?: CursorValue[],
  ): Promise<ControlledSubstanceLotEntity[]> {
    const qb = this.lots.createQueryBuilder('l').where('l.clinic_id = :clinicId', { clinicId });
    if (after) {
      qb.andWhere('(l.created_at, l.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after[0],
        afterId: after[1],
      });
    }
    return qb
      .orderBy('l.created_at', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  async insert(
    manager: EntityManager,
    lot: Partial<ControlledSubstanceLotEntity>,
  ): Promise<ControlledSubstanceLotEntity> {
    return this.lotRepo(manager).save(this.lotRepo(manager).create(lot));
  }

  async save(
    manager: EntityManager,
    lot: ControlledSubstanceLotEntity,
  ): Promise<ControlledSubstanceLotEntity> {
    return this.lotRepo(manager).save(lot);
  }

  async addEntry(
    manager: EntityManager,
    entry: Omit<LedgerEntryEntity, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'occurredAt'> & {
      occurredAt?: Date;
    },
  ): Promise<LedgerEntryEntity> {
    const repo = manager.getRepository(LedgerEntryEntity);
    return repo.save(repo.create({ ...entry, occurredAt: entry.occurredAt ?? new Date() }));
  }

  async entriesOfLot(lotId: string, manager?: EntityManager): Promise<LedgerEntryEntity[]> {
    return (manager ? manager.getRepository(LedgerEntryEntity) : this.entries).find({
      where: { lotId },
      order: { occurredAt: 'ASC', id: 'ASC' },
    });
  }

  async entriesOfSession(sessionId: string, manager?: EntityManager): Promise<LedgerEntryEntity[]> {
    return (manager ? manager.getRepository(LedgerEntryEntity) : this.entries).find({
      where: { sessionId },
      order: { occurredAt: 'ASC', id: 'ASC' },
    });
  }
}
