import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { pageAudited, readRowAudited } from 'src/audit/audited-reads';
import { ClinicSettings, effectiveSettings } from 'src/clinics/clinic-settings';
import { CursorValue } from 'src/common/pagination/cursor';
import { ScopedRow } from 'src/database/scoped-page.sql';
import { SqlService } from 'src/database/sql.service';
import { ScreeningEntity } from 'src/screenings/screening.entity';
import { SCREENING_CLINIC_SETTINGS, screeningPage } from 'src/screenings/screenings.sql';

export const SCREENING_RESOURCE = 'Screening';

/** A screening with its clinic's settings (its validity is the clinic's). */
export interface ScreeningRecord {
  screening: ScreeningEntity;
  settings: ClinicSettings;
}

type ScreeningRow = ScopedRow & { clinicSettings: Record<string, unknown> | null };

@Injectable()
export class ScreeningsRepository {
  constructor(
    @InjectRepository(ScreeningEntity) private readonly screenings: Repository<ScreeningEntity>,
    private readonly sql: SqlService,
  ) {}

  private repo(manager?: EntityManager): Repository<ScreeningEntity> {
    return manager ? manager.getRepository(ScreeningEntity) : this.screenings;
  }

  async insert(
    manager: EntityManager,
    screening: Partial<ScreeningEntity>,
  ): Promise<ScreeningEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create(screening));
  }

  async save(manager: EntityManager, screening: ScreeningEntity): Promise<ScreeningEntity> {
    return this.repo(manager).save(screening);
  }

  /** Scoped in the query: another clinic's screening is not found. */
  async findForPatient(
    patientId: string,
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ScreeningEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = this.repo(manager)
      .createQueryBuilder('s')
      .where('s.id = :id AND s.patient_id = :patientId AND s.clinic_id = ANY(:scope)', {
        id,
        patientId,
        scope,
      });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** One screening of the patient's with its clinic's settings, and its READ event. */
  async readAudited(patientId: string, id: string, actor: Actor): Promise<ScreeningRecord | null> {
    const row = await readRowAudited<ScreeningRow>(
      this.sql,
      'screenings',
      id,
      { actor, resourceType: SCREENING_RESOURCE },
      { patientId, extras: SCREENING_CLINIC_SETTINGS },
    );
    return row && this.record(row);
  }

  /** A page of the patient's screenings (plus one row) with its LIST event, in one statement. */
  async listAudited(
    patient: { id: string; clinicId: string },
    actor: Actor,
    limit: number,
    after?: CursorValue[],
  ): Promise<ScreeningRecord[]> {
    const rows = await pageAudited<ScreeningRow>(this.sql, screeningPage(patient, limit, after), {
      actor,
      resourceType: SCREENING_RESOURCE,
      filters: [],
      details: { patientId: patient.id },
    });
    return rows.map((r) => this.record(r));
  }

  /**
   * The screening that counts for the patient: the one whose facts were taken last (screened_at),
   * signed or not. A newer unsigned screening supersedes an older signed one.
   */
  /** The patient's latest screening by screenedAt, of those screened by `at` when given. */
  async latestScreened(
    patientId: string,
    manager?: EntityManager,
    at?: Date,
  ): Promise<ScreeningEntity | null> {
    const qb = this.repo(manager)
      .createQueryBuilder('s')
      .where('s.patient_id = :patientId', { patientId });
    if (at) {
      // Within the usual clock skew, as screenedAt itself is accepted up to 5 minutes ahead.
      qb.andWhere(`s.screened_at <= :at::timestamptz + interval '5 minutes'`, { at });
    }
    return qb
      .orderBy('s.screened_at', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Whether a signed screening of the same patient took its facts after this one. */
  async newerSignedExists(screeningId: string, manager?: EntityManager): Promise<boolean> {
    const newer = await this.repo(manager)
      .createQueryBuilder('s')
      .innerJoin(ScreeningEntity, 'this', 'this.id = :id', { id: screeningId })
      .where('s.patient_id = this.patient_id AND s.signed_at IS NOT NULL')
      .andWhere(
        '(s.screened_at, s.created_at, s.id) > (this.screened_at, this.created_at, this.id)',
      )
      .limit(1)
      .getOne();
    return newer !== null;
  }

  private record(row: ScreeningRow): ScreeningRecord {
    return {
      screening: this.sql.entity(ScreeningEntity, row.row),
      settings: effectiveSettings(row.clinicSettings),
    };
  }
}
