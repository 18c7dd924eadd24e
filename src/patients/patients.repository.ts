import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { withListAudit, withReadAudit } from 'src/audit/audited-statement';
import { SqlService } from 'src/database/sql.service';
import { PatientEntity, PatientIdentifierEntity } from 'src/patients/patient.entity';
import {
  PATIENT_PAGE_ORDER,
  patientByIdStatement,
  PatientRow,
  PatientSearch,
  patientSearchStatement,
} from 'src/patients/patients.sql';

const RESOURCE = 'Patient';

@Injectable()
export class PatientsRepository {
  constructor(
    @InjectRepository(PatientEntity) private readonly patients: Repository<PatientEntity>,
    @InjectRepository(PatientIdentifierEntity)
    private readonly identifiers: Repository<PatientIdentifierEntity>,
    private readonly sql: SqlService,
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

  /** One patient in scope, with its identifiers; the READ event is written by the same statement. */
  async readAudited(id: string, actor: Actor): Promise<PatientRow | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    return this.sql.first<PatientRow>(
      withReadAudit(patientByIdStatement(id, actor.clinicIds), { actor, resourceType: RESOURCE }),
    );
  }

  /**
   * A page (plus one row, to know whether there is a next) with its LIST events, in one statement.
   * Keyset over (created_at, id): rows inserted while paging never shift the pages already read.
   */
  async searchAudited(
    s: PatientSearch,
    audit: { actor: Actor; filters: string[] },
  ): Promise<PatientRow[]> {
    return this.sql.rows<PatientRow>(
      withListAudit(patientSearchStatement(s), {
        ...audit,
        resourceType: RESOURCE,
        scope: s.scope,
        pageSize: s.limit,
        orderBy: PATIENT_PAGE_ORDER,
      }),
    );
  }

  /** The SQL and parameters searchAudited() reads with (for EXPLAIN in the index tests). */
  searchStatement(s: PatientSearch): [string, unknown[]] {
    const { text, values } = patientSearchStatement(s);
    return [text, values];
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
