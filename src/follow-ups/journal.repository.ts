import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { JournalEntryEntity } from 'src/follow-ups/journal-entry.entity';

@Injectable()
export class JournalRepository {
  constructor(
    @InjectRepository(JournalEntryEntity) private readonly repo: Repository<JournalEntryEntity>,
  ) {}

  async insert(
    manager: EntityManager,
    row: Partial<JournalEntryEntity>,
  ): Promise<JournalEntryEntity> {
    const repo = manager.getRepository(JournalEntryEntity);
    return repo.save(repo.create(row));
  }

  async findForPatient(
    id: string,
    patientId: string,
    scope: string[],
  ): Promise<JournalEntryEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    return this.repo
      .createQueryBuilder('j')
      .where('j.id = :id AND j.patient_id = :patientId AND j.clinic_id = ANY(:scope)', {
        id,
        patientId,
        scope,
      })
      .getOne();
  }

  /** Newest day first, keyset over (entry_date, id). */
  async listForPatient(
    patientId: string,
    scope: string[],
    limit: number,
    after?: CursorValue[],
  ): Promise<JournalEntryEntity[]> {
    if (scope.length === 0) {
      return [];
    }
    const qb = this.repo
      .createQueryBuilder('j')
      .where('j.patient_id = :patientId AND j.clinic_id = ANY(:scope)', { patientId, scope });
    if (after) {
      qb.andWhere('(j.entry_date, j.id) < (:afterDate::date, :afterId::uuid)', {
        afterDate: after[0],
        afterId: after[1],
      });
    }
    return qb
      .orderBy('j.entry_date', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }
}
