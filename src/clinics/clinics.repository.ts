import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { ClinicEntity } from 'src/clinics/clinic.entity';

@Injectable()
export class ClinicsRepository {
  constructor(@InjectRepository(ClinicEntity) private readonly clinics: Repository<ClinicEntity>) {}

  private repo(manager?: EntityManager): Repository<ClinicEntity> {
    return manager ? manager.getRepository(ClinicEntity) : this.clinics;
  }

  /** Only among `scope`: a clinic outside it is indistinguishable from a missing one. */
  async findInScope(
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ClinicEntity | null> {
    if (!scope.includes(id)) {
      return null;
    }
    return this.repo(manager).findOne({
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** Names and codes of these clinics (none for an empty list). */
  async namesAndCodes(ids: string[], manager?: EntityManager): Promise<string[]> {
    if (ids.length === 0) {
      return [];
    }
    const rows: { name: string; code: string }[] = await this.repo(manager)
      .createQueryBuilder('c')
      .select(['c.name AS name', 'c.code AS code'])
      .where('c.id = ANY(:ids)', { ids })
      .getRawMany();
    return rows.flatMap((row) => [row.name, row.code]);
  }

  async listInScope(
    scope: string[],
    limit: number,
    after?: CursorValue[],
  ): Promise<ClinicEntity[]> {
    if (scope.length === 0) {
      return [];
    }
    const qb = this.clinics
      .createQueryBuilder('c')
      .where('c.id = ANY(:scope)', { scope })
      .orderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      qb.andWhere('(c.name, c.id) > (:afterName, :afterId::uuid)', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    return qb.getMany();
  }

  async listPublic(limit: number, after?: CursorValue[]): Promise<ClinicEntity[]> {
    const qb = this.clinics
      .createQueryBuilder('c')
      .where('c.listed_publicly')
      .orderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      qb.andWhere('(c.name, c.id) > (:afterName, :afterId::uuid)', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    return qb.getMany();
  }

  async findPublic(id: string): Promise<ClinicEntity | null> {
    return this.clinics.findOne({ where: { id, listedPublicly: true } });
  }

  async insert(manager: EntityManager, clinic: Partial<ClinicEntity>): Promise<ClinicEntity> {
    return this.repo(manager).save(this.repo(manager).create(clinic));
  }

  async save(manager: EntityManager, clinic: ClinicEntity): Promise<ClinicEntity> {
    return this.repo(manager).save(clinic);
  }

  /** The next number in the clinic's MRN series; the row lock serialises concurrent creates. */
  async nextMrnNumber(
    manager: EntityManager,
    clinicId: string,
  ): Promise<{ code: string; n: number }> {
    const result: unknown = await manager.query(
      'UPDATE clinics SET mrn_sequence = mrn_sequence + 1 WHERE id = $1 RETURNING code, mrn_sequence',
      [clinicId],
    );
    // TypeORM answers UPDATE … RETURNING with [rows, rowCount].
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as {
      code: string;
      mrn_sequence: number;
    }[];
    const row = rows[0];
    if (!row) {
      throw new Error('clinic vanished while allocating an MRN');
    }
    return { code: row.code, n: row.mrn_sequence };
  }
}
