import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { withReadAudit } from 'src/audit/audited-statement';
import { pageAudited, readRowAudited } from 'src/audit/audited-reads';
import { ScopedRow } from 'src/database/scoped-page.sql';
import { SqlService } from 'src/database/sql.service';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import { AssessmentEntity } from 'src/follow-ups/assessment.entity';
import {
  ASSESSMENT_ALERTS,
  assessmentPage,
  AssessmentSearch,
} from 'src/follow-ups/assessments.sql';
import {
  ClinicOutcomesRow,
  clinicOutcomesStatement,
  PatientOutcomesRow,
  patientOutcomesStatement,
} from 'src/follow-ups/outcomes.sql';

export interface PatientOutcomeSeries {
  patientId: string;
  course: {
    planId: string;
    inductionStartedAt: Date;
    firstInductionInfusionAt: Date | null;
  } | null;
  assessments: AssessmentEntity[];
}

export interface ClinicOutcomeSeries {
  courses: {
    planId: string;
    patientId: string;
    indication: string;
    inductionStartedAt: Date | null;
    firstInductionInfusionAt: Date | null;
    inductionCompletedAt: Date;
  }[];
  assessments: AssessmentEntity[];
}

export const ASSESSMENT_RESOURCE = 'Assessment';

const dateOrNull = (value: string | null): Date | null => (value ? new Date(value) : null);

/** An assessment with the alerts it raised. */
export interface AssessmentRecord {
  assessment: AssessmentEntity;
  alerts: AlertEntity[];
}

type AssessmentRow = ScopedRow & { alerts: unknown };

@Injectable()
export class AssessmentsRepository {
  constructor(private readonly sql: SqlService) {}

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

  /** One assessment in scope with its alerts, and its READ event, in one statement. */
  async readAudited(id: string, actor: Actor): Promise<AssessmentRecord | null> {
    const row = await readRowAudited<AssessmentRow>(
      this.sql,
      'assessments',
      id,
      { actor, resourceType: ASSESSMENT_RESOURCE },
      { extras: ASSESSMENT_ALERTS },
    );
    return row && this.record(row);
  }

  /** A page (plus one row) with the alerts of each, and its LIST events, in one statement. */
  async searchAudited(
    s: AssessmentSearch,
    actor: Actor,
    filters: string[],
  ): Promise<AssessmentRecord[]> {
    const rows = await pageAudited<AssessmentRow>(this.sql, assessmentPage(s), {
      actor,
      resourceType: ASSESSMENT_RESOURCE,
      filters,
    });
    return rows.map((r) => this.record(r));
  }

  /** Every scored assessment of these patients on these instruments, oldest first. */
  /**
   * A clinic's outcome report (its finished inductions and their patients' scored series) and its
   * READ event, in one statement; null when the clinic is not in scope.
   */
  async clinicSeriesAudited(
    actor: Actor,
    clinicId: string,
    codes: string[],
  ): Promise<ClinicOutcomeSeries | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const row = await this.sql.first<ClinicOutcomesRow>(
      withReadAudit(clinicOutcomesStatement(clinicId, actor.clinicIds, codes), {
        actor,
        resourceType: 'ClinicOutcomes',
      }),
    );
    if (!row) {
      return null;
    }
    return {
      courses: row.courses.map((c) => ({
        ...c,
        inductionStartedAt: dateOrNull(c.inductionStartedAt),
        firstInductionInfusionAt: dateOrNull(c.firstInductionInfusionAt),
        inductionCompletedAt: new Date(c.inductionCompletedAt),
      })),
      assessments: this.sql.entities(AssessmentEntity, row.assessments),
    };
  }

  private record(row: AssessmentRow): AssessmentRecord {
    return {
      assessment: this.sql.entity(AssessmentEntity, row.row),
      alerts: this.sql.entities(AlertEntity, row.alerts),
    };
  }
}
