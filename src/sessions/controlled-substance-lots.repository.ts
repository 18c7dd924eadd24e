import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { withReadAudit } from 'src/audit/audited-statement';
import { CursorValue } from 'src/common/pagination/cursor';
import { SqlService } from 'src/database/sql.service';
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
    private readonly sql: SqlService,
  ) {}

  /**
   * A lot of the clinic (in scope) with every entry of its ledger (ledger_entries_lot_idx) and the
   * READ event of the ledger, in one statement; null when not found.
   */
  async ledgerAudited(
    clinicId: string,
    id: string,
    actor: Actor,
    resourceType: string,
  ): Promise<{ lot: ControlledSubstanceLotEntity; entries: LedgerEntryEntity[] } | null> {
    const row = await this.sql.first<{ lot: unknown; entries: unknown }>(
      withReadAudit(
        {
          text: `SELECT l.id, l.clinic_id AS "clinicId", row_to_json(l) AS lot, COALESCE((
              SELECT json_agg(e ORDER BY e.occurred_at, e.id)
                FROM controlled_substance_ledger_entries e WHERE e.lot_id = l.id), '[]'::json) AS entries
            FROM controlled_substance_lots l
           WHERE l.id = $1 AND l.clinic_id = $2 AND l.clinic_id = ANY($3::uuid[])`,
          values: [id, clinicId, actor.clinicIds],
        },
        { actor, resourceType, actionName: 'ledger' },
      ),
    );
    return (
      row && {
        lot: this.sql.entity(ControlledSubstanceLotEntity, row.lot),
        entries: this.sql.entities(LedgerEntryEntity, row.entries),
      }
    );
  }

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

  async entriesOfSession(sessionId: string, manager?: EntityManager): Promise<LedgerEntryEntity[]> {
    return (manager ? manager.getRepository(LedgerEntryEntity) : this.entries).find({
      where: { sessionId },
      order: { occurredAt: 'ASC', id: 'ASC' },
    });
  }
}
