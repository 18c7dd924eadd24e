import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { pageAudited, readAudited } from 'src/audit/audited-reads';
import { SqlService } from 'src/database/sql.service';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import { alertPage, AlertSearch } from 'src/follow-ups/alerts.sql';
import { AlertStatus } from 'src/follow-ups/scoring.rules';

export const ALERT_RESOURCE = 'Alert';

@Injectable()
export class AlertsRepository {
  constructor(
    @InjectRepository(AlertEntity) private readonly repo: Repository<AlertEntity>,
    private readonly sql: SqlService,
  ) {}

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

  /** One alert in scope, with its READ event written by the same statement. */
  readAudited(id: string, actor: Actor): Promise<AlertEntity | null> {
    return readAudited(this.sql, AlertEntity, 'alerts', id, {
      actor,
      resourceType: ALERT_RESOURCE,
    });
  }

  /** A page (plus one row) with its LIST events, in one statement. */
  async searchAudited(s: AlertSearch, actor: Actor, filters: string[]): Promise<AlertEntity[]> {
    const rows = await pageAudited(this.sql, alertPage(s), {
      actor,
      resourceType: ALERT_RESOURCE,
      filters,
    });
    return this.sql.entities(
      AlertEntity,
      rows.map((r) => r.row),
    );
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
