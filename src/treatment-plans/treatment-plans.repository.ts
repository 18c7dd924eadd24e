import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { pageAudited, readRowAudited } from 'src/audit/audited-reads';
import { withReadAudit } from 'src/audit/audited-statement';
import { CursorValue } from 'src/common/pagination/cursor';
import { ScopedRow } from 'src/database/scoped-page.sql';
import { SqlService } from 'src/database/sql.service';
import { PlanPhase } from 'src/treatment-plans/plan-snapshot';
import {
  TreatmentPlanEntity,
  TreatmentPlanEventEntity,
  TreatmentPlanVersionEntity,
} from 'src/treatment-plans/treatment-plan.entity';
import {
  InfusionCountsJson,
  PLAN_TERMS_AND_COUNTS,
  planEventsPageStatement,
  planPage,
  PlanListFilter,
  planVersionsPageStatement,
  planVersionStatement,
} from 'src/treatment-plans/treatment-plans.sql';

export const PLAN_RESOURCE = 'TreatmentPlan';
export const VERSION_RESOURCE = 'TreatmentPlanVersion';

/** A plan with what its response shows: the current terms and the infusions counted. */
export interface PlanRecord {
  plan: TreatmentPlanEntity;
  version: TreatmentPlanVersionEntity;
  counts: InfusionCounts;
}

type PlanRow = ScopedRow & { version: unknown; counts: InfusionCountsJson };

export interface InfusionCounts {
  induction: number;
  maintenance: number;
  firstInductionAt: Date | null;
  lastMaintenanceAt: Date | null;
}

const NO_INFUSIONS: InfusionCounts = {
  induction: 0,
  maintenance: 0,
  firstInductionAt: null,
  lastMaintenanceAt: null,
};

@Injectable()
export class TreatmentPlansRepository {
  constructor(
    @InjectRepository(TreatmentPlanEntity)
    private readonly plans: Repository<TreatmentPlanEntity>,
    private readonly sql: SqlService,
  ) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.plans.manager;
  }

  async insertPlan(
    manager: EntityManager,
    plan: Partial<TreatmentPlanEntity>,
  ): Promise<TreatmentPlanEntity> {
    const repo = manager.getRepository(TreatmentPlanEntity);
    return repo.save(repo.create(plan));
  }

  async savePlan(manager: EntityManager, plan: TreatmentPlanEntity): Promise<TreatmentPlanEntity> {
    return manager.getRepository(TreatmentPlanEntity).save(plan);
  }

  async insertVersion(
    manager: EntityManager,
    version: Partial<TreatmentPlanVersionEntity>,
  ): Promise<TreatmentPlanVersionEntity> {
    const repo = manager.getRepository(TreatmentPlanVersionEntity);
    return repo.save(repo.create(version));
  }

  async insertEvent(
    manager: EntityManager,
    event: Partial<TreatmentPlanEventEntity>,
  ): Promise<void> {
    await manager
      .getRepository(TreatmentPlanEventEntity)
      .insert({ occurredAt: new Date(), ...event });
  }

  /** Scoped in the query: another clinic's plan is simply not found. */
  async findInScope(
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<TreatmentPlanEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = this.m(manager)
      .getRepository(TreatmentPlanEntity)
      .createQueryBuilder('p')
      .where('p.id = :id AND p.clinic_id = ANY(:scope)', { id, scope });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** For system callers (sessions' discharge) that already hold a checked plan id. */
  async findByIdForUpdate(manager: EntityManager, id: string): Promise<TreatmentPlanEntity | null> {
    return manager
      .getRepository(TreatmentPlanEntity)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** One plan in scope with its terms and counts, and its READ event, in one statement. */
  async readAudited(id: string, actor: Actor): Promise<PlanRecord | null> {
    const row = await readRowAudited<PlanRow>(
      this.sql,
      'treatment_plans',
      id,
      { actor, resourceType: PLAN_RESOURCE },
      { extras: PLAN_TERMS_AND_COUNTS },
    );
    return row && this.record(row);
  }

  /** A page (plus one row) with the terms and counts of each, and its LIST events. */
  async listAudited(
    f: PlanListFilter,
    audit: { actor: Actor; filters: string[] },
  ): Promise<PlanRecord[]> {
    const rows = await pageAudited<PlanRow>(this.sql, planPage(f), {
      ...audit,
      resourceType: PLAN_RESOURCE,
    });
    return rows.map((r) => this.record(r));
  }

  async versionsByIds(
    ids: string[],
    manager?: EntityManager,
  ): Promise<Map<string, TreatmentPlanVersionEntity>> {
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.m(manager)
      .getRepository(TreatmentPlanVersionEntity)
      .createQueryBuilder('v')
      .where('v.id = ANY(:ids)', { ids })
      .getMany();
    return new Map(rows.map((v) => [v.id, v]));
  }

  /**
   * A page of a plan's versions (plus one row), oldest first, and its LIST event naming the
   * versions shown, in one statement; null when the plan is not in scope.
   */
  async versionsAudited(
    planId: string,
    page: { limit: number; afterNumber?: number },
    actor: Actor,
  ): Promise<TreatmentPlanVersionEntity[] | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const row = await this.sql.first<{ rows: unknown }>(
      withReadAudit(
        planVersionsPageStatement(planId, actor.clinicIds, page.limit, page.afterNumber),
        {
          actor,
          resourceType: VERSION_RESOURCE,
          action: AuditAction.LIST,
          shownIds: 'ids',
          details: { planId },
        },
      ),
    );
    return row && this.sql.entities(TreatmentPlanVersionEntity, row.rows);
  }

  /**
   * One version of a plan and its READ event, in one statement: null when the plan is not in
   * scope, `{ version: null }` when it has no such version (no event then).
   */
  async versionAudited(
    planId: string,
    amendmentNumber: number,
    actor: Actor,
  ): Promise<{ version: TreatmentPlanVersionEntity | null } | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const row = await this.sql.first<{ id: string | null; row: unknown }>(
      withReadAudit(planVersionStatement(planId, actor.clinicIds, amendmentNumber), {
        actor,
        resourceType: VERSION_RESOURCE,
        details: { planId },
      }),
    );
    return row && { version: row.id ? this.sql.entity(TreatmentPlanVersionEntity, row.row) : null };
  }

  /** A page of a plan's history (plus one row) and its READ event; null when not in scope. */
  async historyAudited(
    planId: string,
    page: { limit: number; after?: CursorValue[] },
    actor: Actor,
  ): Promise<TreatmentPlanEventEntity[] | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const row = await this.sql.first<{ rows: unknown }>(
      withReadAudit(planEventsPageStatement(planId, actor.clinicIds, page.limit, page.after), {
        actor,
        resourceType: PLAN_RESOURCE,
        actionName: 'history',
      }),
    );
    return row && this.sql.entities(TreatmentPlanEventEntity, row.rows);
  }

  /** Idempotent per session: false when the session was already counted. */
  async insertInfusion(
    manager: EntityManager,
    row: {
      clinicId: string;
      planId: string;
      sessionId: string;
      phase: PlanPhase;
      completedAt: Date;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO treatment_plan_infusions (clinic_id, plan_id, session_id, phase, completed_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) DO NOTHING RETURNING id`,
      [row.clinicId, row.planId, row.sessionId, row.phase, row.completedAt],
    );
    return rows.length > 0;
  }

  async infusionCounts(
    planIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, InfusionCounts>> {
    const map = new Map<string, InfusionCounts>();
    if (planIds.length === 0) {
      return map;
    }
    const rows: {
      plan_id: string;
      induction: string;
      maintenance: string;
      first_i: Date | null;
      last_m: Date | null;
    }[] = await this.m(manager).query(
      `SELECT plan_id,
              count(*) FILTER (WHERE phase = 'induction') AS induction,
              count(*) FILTER (WHERE phase = 'maintenance') AS maintenance,
              min(completed_at) FILTER (WHERE phase = 'induction') AS first_i,
              max(completed_at) FILTER (WHERE phase = 'maintenance') AS last_m
         FROM treatment_plan_infusions WHERE plan_id = ANY($1::uuid[]) GROUP BY plan_id`,
      [planIds],
    );
    rows.forEach((r) =>
      map.set(r.plan_id, {
        induction: Number(r.induction),
        maintenance: Number(r.maintenance),
        firstInductionAt: r.first_i ? new Date(r.first_i) : null,
        lastMaintenanceAt: r.last_m ? new Date(r.last_m) : null,
      }),
    );
    planIds.filter((id) => !map.has(id)).forEach((id) => map.set(id, NO_INFUSIONS));
    return map;
  }

  private record(row: PlanRow): PlanRecord {
    const c = row.counts;
    return {
      plan: this.sql.entity(TreatmentPlanEntity, row.row),
      version: this.sql.entity(TreatmentPlanVersionEntity, row.version),
      counts: {
        induction: c.induction,
        maintenance: c.maintenance,
        firstInductionAt: c.firstInductionAt ? new Date(c.firstInductionAt) : null,
        lastMaintenanceAt: c.lastMaintenanceAt ? new Date(c.lastMaintenanceAt) : null,
      },
    };
  }
}
