import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { ChairEntity } from 'src/sessions/chair.entity';

@Injectable()
export class ChairsRepository {
  constructor(@InjectRepository(ChairEntity) private readonly chairs: Repository<ChairEntity>) {}

  private repo(manager?: EntityManager): Repository<ChairEntity> {
    return manager ? manager.getRepository(ChairEntity) : this.chairs;
  }

  async findInClinic(
    clinicId: string,
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ChairEntity | null> {
    const qb = this.repo(manager)
      .createQueryBuilder('c')
      .where('c.id = :id AND c.clinic_id = :clinicId AND c.clinic_id = ANY(:scope)', {
        id,
        clinicId,
        scope,
      });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** Keyset over (name, id). */
  async list(
    clinicId: string,
    includeInactive: boolean,
    limit: number,
    after?: CursorValue[],
  ): Promise<ChairEntity[]> {
    const qb = this.chairs.createQueryBuilder('c').where('c.clinic_id = :clinicId', { clinicId });
    if (!includeInactive) {
      qb.andWhere('c.active');
    }
    if (after) {
      qb.andWhere('(c.name, c.id) > (:afterName, :afterId::uuid)', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    return qb
      .orderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  async activeInClinic(clinicId: string): Promise<ChairEntity[]> {
    return this.chairs.find({ where: { clinicId, active: true }, order: { name: 'ASC' } });
  }

  /** Whether sessions still hold the chair at or after `from` (cancelled and no-shows do not). */
  async hasBookingsFrom(manager: EntityManager, chairId: string, from: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM infusion_sessions
        WHERE chair_id = $1 AND status NOT IN ('cancelled', 'no_show', 'discharged', 'transferred')
          AND upper(booked_during) > $2 LIMIT 1`,
      [chairId, from],
    );
    return rows.length > 0;
  }

  async insert(manager: EntityManager, chair: Partial<ChairEntity>): Promise<ChairEntity> {
    return this.repo(manager).save(this.repo(manager).create(chair));
  }

  async save(manager: EntityManager, chair: ChairEntity): Promise<ChairEntity> {
    return this.repo(manager).save(chair);
  }
}
