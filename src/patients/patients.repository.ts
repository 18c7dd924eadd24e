import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { PatientEntity, PatientIdentifierEntity } from 'src/patients/patient.entity';

export interface PatientSearch {
  scope: string[];
  includeArchived: boolean;
  nameTokens: string[];
  dateOfBirth?: string;
  mrn?: string;
  email?: string;
  phoneDigits?: string;
  after?: CursorValue[];
  limit: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class PatientsRepository {
  constructor(
    @InjectRepository(PatientEntity) private readonly patients: Repository<PatientEntity>,
    @InjectRepository(PatientIdentifierEntity)
    private readonly identifiers: Repository<PatientIdentifierEntity>,
  ) {}

  /** Scoped to the caller's clinics in the query itself: a foreign patient is simply not found. */
  async findInScope(
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<PatientEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = (manager ?? this.patients.manager)
      .getRepository(PatientEntity)
      .createQueryBuilder('p')
      .where('p.id = :id AND p.clinic_id = ANY(:scope)', { id, scope });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** Keyset over (created_at, id): rows inserted while paging never shift the pages already read. */
  async search(s: PatientSearch): Promise<PatientEntity[]> {
    if (s.scope.length === 0) {
      return [];
    }
    return this.searchQuery(s).getMany();
  }

  /** The SQL and parameters search() sends (for EXPLAIN in the index tests). */
  searchStatement(s: PatientSearch): [string, unknown[]] {
    return this.searchQuery(s).getQueryAndParameters();
  }

  private searchQuery(s: PatientSearch): SelectQueryBuilder<PatientEntity> {
    const qb = this.patients
      .createQueryBuilder('p')
      .where('p.clinic_id = ANY(:scope)', { scope: s.scope });
    if (!s.includeArchived) {
      qb.andWhere('p.archived_at IS NULL');
    }
    s.nameTokens.forEach((token, i) => {
      qb.andWhere(
        `(p.last_name_key LIKE lower(f_unaccent(:t${i})) || '%' OR p.first_name_key LIKE lower(f_unaccent(:t${i})) || '%' OR p.preferred_name_key LIKE lower(f_unaccent(:t${i})) || '%')`,
        { [`t${i}`]: escapeLike(token) },
      );
    });
    if (s.dateOfBirth) qb.andWhere('p.date_of_birth = :dob', { dob: s.dateOfBirth });
    if (s.mrn) qb.andWhere('p.mrn = :mrn', { mrn: s.mrn });
    if (s.email) qb.andWhere('lower(p.email) = lower(:email)', { email: s.email });
    if (s.phoneDigits) {
      // Numbers ending with the digits given (the country code may be left out); the pattern is
      // built here so the planner sees a constant prefix for patients_phone_suffix_idx.
      qb.andWhere('reverse(p.phone_digits) LIKE :phoneSuffix', {
        phoneSuffix: `${[...s.phoneDigits].reverse().join('')}%`,
      });
    }
    if (s.after) {
      qb.andWhere('(p.created_at, p.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: s.after[0],
        afterId: s.after[1],
      });
    }
    return qb
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(s.limit + 1);
  }

  /** Identifiers of many patients in one query, grouped by patient. */
  async identifiersOf(
    patientIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, PatientIdentifierEntity[]>> {
    const map = new Map<string, PatientIdentifierEntity[]>();
    if (patientIds.length === 0) {
      return map;
    }
    const rows = await (manager ?? this.identifiers.manager)
      .getRepository(PatientIdentifierEntity)
      .createQueryBuilder('i')
      .where('i.patient_id = ANY(:ids)', { ids: patientIds })
      .getMany();
    rows.forEach((row) => map.set(row.patientId, [...(map.get(row.patientId) ?? []), row]));
    return map;
  }

  async insert(manager: EntityManager, patient: Partial<PatientEntity>): Promise<PatientEntity> {
    const repo = manager.getRepository(PatientEntity);
    return repo.save(repo.create(patient));
  }

  async save(manager: EntityManager, patient: PatientEntity): Promise<PatientEntity> {
    return manager.getRepository(PatientEntity).save(patient);
  }

  async mrnExists(manager: EntityManager, clinicId: string, mrn: string): Promise<boolean> {
    return manager.getRepository(PatientEntity).exists({ where: { clinicId, mrn } });
  }

  async replaceIdentifiers(
    manager: EntityManager,
    patient: PatientEntity,
    identifiers: { system: string; value: string }[],
  ): Promise<void> {
    const repo = manager.getRepository(PatientIdentifierEntity);
    await repo.delete({ patientId: patient.id });
    if (identifiers.length > 0) {
      await repo.insert(
        identifiers.map((i) => ({ ...i, patientId: patient.id, clinicId: patient.clinicId })),
      );
    }
  }
}
