import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { withReadAudit } from 'src/audit/audited-statement';
import { CursorValue } from 'src/common/pagination/cursor';
import { SqlService } from 'src/database/sql.service';
import { AssessmentEntity } from 'src/follow-ups/assessment.entity';
import { PatientOutcomesRow, patientOutcomesStatement } from 'src/follow-ups/outcomes.sql';

export interface PatientOutcomeSeries {
  patientId: string;
  course: {
    planId: string;
    inductionStartedAt: Date;
    firstInductionInfusionAt: Date | null;
  } | null;
  assessments: AssessmentEntity[];
}

export interface AssessmentSearch {
  scope: string[];
  patientId?: string;
  instrumentCode?: string;
  context?: string;
  after?: CursorValue[];
  limit: number;
}

@Injectable()
export class AssessmentsRepository {
  constructor(
    @InjectRepository(AssessmentEntity) private readonly repo: Repository<AssessmentEntity>,
    private readonly sql: SqlService,
  ) {}

  /** A patient's outcome series and its course, with the READ event, in one statement. */
  async patientSeriesAudited(
    actor: Actor,
    patientId: string,
    codes: string[],
  ): Promise<PatientOutcomeSeries | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const row = await this.sql.first<PatientOutcomesRow>(
      withReadAudit(patientOutcomesStatement(patientId, actor.clinicIds, codes), {
        actor,
        resourceType: 'PatientOutcomes',
      }),
    );
    if (!row) {
      return null;
    }
    return {
      patientId: row.id,
      course:
        row.planId && row.inductionStartedAt
          ? {
              planId: row.planId,
              inductionStartedAt: row.inductionStartedAt,
              firstInductionInfusionAt: row.firstInductionInfusionAt,
            }
          : null,
      assessments: this.sql.entities(AssessmentEntity, row.assessments),
    };
  }

  async insert(manager: EntityManager, row: Partial<AssessmentEntity>): Promise<AssessmentEntity> {
    const repo = manager.getRepository(AssessmentEntity);
    return repo.save(repo.create(row));
  }

  async findInScope(id: string, scope: string[]): Promise<AssessmentEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    return this.repo
      .createQueryBuilder('a')
      .where('a.id = :id AND a.clinic_id = ANY(:scope)', { id, scope })
      .getOne();
  }

  /** Newest first, keyset over (administered_at, id). */
  async search(s: AssessmentSearch): Promise<AssessmentEntity[]> {
    if (s.scope.length === 0) {
      return [];
    }
    const qb = this.repo
      .createQueryBuilder('a')
      .where('a.clinic_id = ANY(:scope)', { scope: s.scope });
    if (s.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: s.patientId });
    if (s.instrumentCode) qb.andWhere('a.instrument_code = :code', { code: s.instrumentCode });
    if (s.context) qb.andWhere('a.context = :context', { context: s.context });
    if (s.after) {
      qb.andWhere('(a.administered_at, a.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: s.after[0],
        afterId: s.after[1],
      });
    }
    return qb
      .orderBy('a.administered_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(s.limit + 1)
      .getMany();
  }

  /** Every scored assessment of these patients on these instruments, oldest first. */
  async scoredSeries(
    scope: string[],
    patientIds: string[],
    codes: string[],
  ): Promise<AssessmentEntity[]> {
    if (scope.length === 0 || patientIds.length === 0 || codes.length === 0) {
      return [];
    }
    return this.repo
      .createQueryBuilder('a')
      .where('a.clinic_id = ANY(:scope) AND a.patient_id = ANY(:patientIds)', {
        scope,
        patientIds,
      })
      .andWhere('a.instrument_code = ANY(:codes) AND a.total IS NOT NULL', { codes })
      .orderBy('a.administered_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }
}
