import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import { AlertStatus } from 'src/follow-ups/scoring.rules';

export interface AlertSearch {
  scope: string[];
  status?: AlertStatus;
  patientId?: string;
  after?: CursorValue[];
  limit: number;
}

@Injectable()
export class AlertsRepository {
  constructor(@InjectRepository(AlertEntity) private readonly repo: Repository<AlertEntity>) {}

  async insertMany(manager: EntityManager, rows: Partial<AlertEntity>[]): Promise<AlertEntity[]> {
    if (rows.length === 0) {
      return [];
    }
    const repo = manager.getRepository(AlertEntity);
    return repo.save(rows.map((row) => repo.create(row)));
  }

  async forAssessments(
    assessmentIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, AlertEntity[]>> {
    const map = new Map<string, AlertEntity[]>();
    if (assessmentIds.length === 0) {
      return map;
    }
    const rows = await (manager ?? this.repo.manager)
      .getRepository(AlertEntity)
      .createQueryBuilder('al')
      .where('al.assessment_id = ANY(:ids)', { ids: assessmentIds })
      .orderBy('al.kind', 'ASC')
      .getMany();
    rows.forEach((r) => map.set(r.assessmentId, [...(map.get(r.assessmentId) ?? []), r]));
    return map;
  }

  async findInScope(
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<AlertEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = (manager ?? this.repo.manager)
      .getRepository(AlertEntity)
      .createQueryBuilder('al')
      .where('al.id = :id AND al.clinic_id = ANY(:scope)', { id, scope });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** Newest first, keyset over (created_at, id). */
  async search(s: AlertSearch): Promise<AlertEntity[]> {
    if (s.scope.length === 0) {
      return [];
    }
    const qb = this.repo
      .createQueryBuilder('al')
      .where('al.clinic_id = ANY(:scope)', { scope: s.scope });
    if (s.status) qb.andWhere('al.status = :status', { status: s.status });
    if (s.patientId) qb.andWhere('al.patient_id = :patientId', { patientId: s.patientId });
    if (s.after) {
      qb.andWhere('(al.created_at, al.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: s.after[0],
        afterId: s.after[1],
      });
    }
    return qb
      .orderBy('al.created_at', 'DESC')
      .addOrderBy('al.id', 'DESC')
      .limit(s.limit + 1)
      .getMany();
  }

  async save(manager: EntityManager, alert: AlertEntity): Promise<AlertEntity> {
    return manager.getRepository(AlertEntity).save(alert);
  }

  /**
   * The patient's alerts open at `at`: raised by then and not acknowledged by then (for a late
   * entry, an alert acknowledged since still counted when the care happened).
   */
  async openForPatient(
    manager: EntityManager,
    clinicId: string,
    patientId: string,
    at: Date,
  ): Promise<AlertEntity[]> {
    return manager
      .getRepository(AlertEntity)
      .createQueryBuilder('al')
      .where('al.clinic_id = :clinicId AND al.patient_id = :patientId', { clinicId, patientId })
      .andWhere('al.created_at <= :at', { at })
      .andWhere('(al.status = :open OR al.acknowledged_at > :at)', { open: AlertStatus.OPEN, at })
      .orderBy('al.created_at', 'ASC')
      .getMany();
  }
}
