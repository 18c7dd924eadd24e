import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { PlanSnapshot } from 'src/treatment-plans/plan-snapshot';
import {
  mapPlan,
  mapPlanEvent,
  mapTerms,
  mapVersion,
  TreatmentPlanEventResponseDto,
  TreatmentPlanQueryDto,
  TreatmentPlanResponseDto,
  TreatmentPlanVersionResponseDto,
} from 'src/treatment-plans/treatment-plan.dto';
import {
  TreatmentPlanEntity,
  TreatmentPlanVersionEntity,
} from 'src/treatment-plans/treatment-plan.entity';
import {
  TreatmentPlanException,
  TreatmentPlanExceptionCode,
} from 'src/treatment-plans/treatment-plan.exception';
import { phaseOf } from 'src/treatment-plans/treatment-plan-lifecycle.rules';
import { computeProgress, Progress } from 'src/treatment-plans/treatment-plan-progress.rules';
import {
  InfusionCounts,
  PLAN_RESOURCE,
  PlanRecord,
  TreatmentPlansRepository,
} from 'src/treatment-plans/treatment-plans.repository';
import { scopeFor } from 'src/clinics/clinic-scope';

export { PLAN_RESOURCE };

/** Front desk sees status and schedule only (issue 3 point 6). */
export const seesClinicalDetail = (actor: Actor) => actor.role !== StaffRole.FRONT_DESK;

@Injectable()
export class TreatmentPlansService {
  constructor(private readonly plans: TreatmentPlansRepository) {}

  async get(actor: Actor, id: string): Promise<TreatmentPlanResponseDto> {
    const found = await this.plans.readAudited(id, actor);
    if (!found) {
      throw TreatmentPlanException.notFound();
    }
    return this.responseOf(actor, found, new Date());
  }

  async list(actor: Actor, query: TreatmentPlanQueryDto): Promise<Page<TreatmentPlanResponseDto>> {
    const scope = scopeFor(actor, query.clinicId);
    const rows = await this.plans.listAudited(
      {
        scope,
        patientId: query.patientId,
        status: query.status,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      {
        actor,
        filters: (['patientId', 'status'] as const).filter((k) => query[k]),
      },
    );
    const now = new Date();
    return toPage(
      rows,
      query.limit,
      (r) => this.responseOf(actor, r, now),
      (r) => [r.plan.createdAt.toISOString(), r.plan.id],
    );
  }

  /** A clinical change: a new version with the full terms; every earlier version stays readable. */
  async versions(
    actor: Actor,
    id: string,
    query: PageQueryDto,
  ): Promise<Page<TreatmentPlanVersionResponseDto>> {
    const after = query.cursor ? decodeCursor(query.cursor, 1)[0] : undefined;
    const rows = await this.plans.versionsAudited(
      id,
      { limit: query.limit, afterNumber: after === undefined ? undefined : Number(after) },
      actor,
    );
    if (!rows) {
      throw TreatmentPlanException.notFound();
    }
    return toPage(rows, query.limit, mapVersion, (v) => [v.amendmentNumber]);
  }

  async version(
    actor: Actor,
    id: string,
    amendmentNumber: number,
  ): Promise<TreatmentPlanVersionResponseDto> {
    const found = await this.plans.versionAudited(id, amendmentNumber, actor);
    if (!found) {
      throw TreatmentPlanException.notFound();
    }
    if (!found.version) {
      throw new TreatmentPlanException(
        TreatmentPlanExceptionCode.PLAN_VERSION_NOT_FOUND,
        'No such version of the plan',
      );
    }
    return mapVersion(found.version);
  }

  async history(
    actor: Actor,
    id: string,
    query: PageQueryDto,
  ): Promise<Page<TreatmentPlanEventResponseDto>> {
    const rows = await this.plans.historyAudited(
      id,
      { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor, 2) : undefined },
      actor,
    );
    if (!rows) {
      throw TreatmentPlanException.notFound();
    }
    return toPage(rows, query.limit, mapPlanEvent, (e) => [e.occurredAt.toISOString(), e.id]);
  }

  // ---- For other modules (contracts.md) ----

  /** 404 (PLAN_NOT_FOUND) outside the actor's clinics; with a manager, row-locks the plan. */
  async getPlanSnapshot(
    actor: Actor,
    planId: string,
    manager?: EntityManager,
  ): Promise<PlanSnapshot> {
    const plan = await this.getOrFail(actor, planId, manager);
    const v = await this.currentVersion(plan, manager);
    const counts = (await this.plans.infusionCounts([plan.id], manager)).get(plan.id);
    const progress = this.progressOf(plan, v, counts, new Date());
    const { protocol, induction, maintenance } = mapTerms(v);
    return {
      id: plan.id,
      clinicId: plan.clinicId,
      patientId: plan.patientId,
      indication: plan.indication,
      status: plan.status,
      currentPhase: phaseOf(plan.status),
      amendmentNumber: plan.amendmentNumber,
      protocol: {
        drug: protocol.drug,
        route: protocol.route,
        doseMgPerKg: protocol.doseMgPerKg,
        infusionMinutes: protocol.infusionMinutes,
        ceilingMgPerKg: protocol.ceilingMgPerKg,
        weightBasis: protocol.weightBasis,
      },
      induction,
      maintenance: {
        intervalDays: maintenance.intervalDays,
        plannedInfusions: maintenance.plannedInfusions,
        asNeeded: maintenance.asNeeded,
      },
      // The contract's phase is null while on hold (sessions do not run then), so is its count.
      infusionsCompletedInPhase: phaseOf(plan.status) ? progress.infusionsCompleted : 0,
      phaseStartedAt:
        plan.status === 'active'
          ? plan.inductionStartedAt
          : plan.status === 'maintenance'
            ? plan.maintenanceStartedAt
            : null,
      needsClinicalReview: plan.needsClinicalReview,
    };
  }

  /**
   * Called by sessions inside the discharge transaction: counts the infusion towards the current
   * phase (idempotent per session) and marks induction complete when its planned count is reached.
   */
  async recordInfusionCompleted(
    manager: EntityManager,
    planId: string,
    infusion: { sessionId: string; completedAt: Date },
  ): Promise<void> {
    const plan = await this.plans.findByIdForUpdate(manager, planId);
    if (!plan) {
      throw TreatmentPlanException.notFound();
    }
    const phase =
      phaseOf(plan.status) ??
      phaseOf(plan.statusBeforeHold ?? 'draft') ??
      (plan.maintenanceStartedAt ? 'maintenance' : 'induction');
    const inserted = await this.plans.insertInfusion(manager, {
      clinicId: plan.clinicId,
      planId,
      sessionId: infusion.sessionId,
      phase,
      completedAt: infusion.completedAt,
    });
    if (!inserted) {
      return;
    }
    await this.plans.insertEvent(manager, {
      clinicId: plan.clinicId,
      planId,
      event: 'infusion_recorded',
      sessionId: infusion.sessionId,
      occurredAt: infusion.completedAt,
    });
    if (phase === 'induction') {
      const v = await this.currentVersion(plan, manager);
      await this.completeInductionIfReached(manager, plan, v.inductionPlannedInfusions, {
        at: infusion.completedAt,
        sessionId: infusion.sessionId,
      });
    }
    await this.plans.savePlan(manager, Object.assign(plan, { updatedAt: new Date() }));
  }

  /** §1.2: induction is complete once its planned count of infusions is done. */
  async completeInductionIfReached(
    manager: EntityManager,
    plan: TreatmentPlanEntity,
    planned: number,
    by: { at: Date; sessionId: string | null } = { at: new Date(), sessionId: null },
  ): Promise<void> {
    const counts = await this.infusionCountsOf(plan.id, manager);
    if (plan.inductionCompletedAt || (counts?.induction ?? 0) < planned) {
      return;
    }
    plan.inductionCompletedAt = by.at;
    await this.plans.insertEvent(manager, {
      clinicId: plan.clinicId,
      planId: plan.id,
      event: 'induction_completed',
      sessionId: by.sessionId,
      occurredAt: by.at,
    });
  }

  /** Sets needsClinicalReview (e.g. after a serious adverse event) and records it in the history. */
  async flagForReview(
    manager: EntityManager,
    planId: string,
    flag: { reason: string; sessionId?: string },
  ): Promise<void> {
    const plan = await this.plans.findByIdForUpdate(manager, planId);
    if (!plan) {
      throw TreatmentPlanException.notFound();
    }
    plan.needsClinicalReview = true;
    await this.plans.savePlan(manager, plan);
    await this.plans.insertEvent(manager, {
      clinicId: plan.clinicId,
      planId,
      event: 'flagged_for_review',
      reason: flag.reason,
      sessionId: flag.sessionId ?? null,
    });
  }

  // ---- Shared with the lifecycle service ----

  async getOrFail(actor: Actor, id: string, manager?: EntityManager): Promise<TreatmentPlanEntity> {
    const plan = await this.plans.findInScope(id, actor.clinicIds, manager, manager !== undefined);
    if (!plan) {
      throw TreatmentPlanException.notFound();
    }
    return plan;
  }

  async currentVersion(
    plan: TreatmentPlanEntity,
    manager?: EntityManager,
  ): Promise<TreatmentPlanVersionEntity> {
    const versions = await this.plans.versionsByIds([plan.currentVersionId ?? ''], manager);
    return versions.get(plan.currentVersionId ?? '') as TreatmentPlanVersionEntity;
  }

  async infusionCountsOf(
    planId: string,
    manager?: EntityManager,
  ): Promise<InfusionCounts | undefined> {
    return (await this.plans.infusionCounts([planId], manager)).get(planId);
  }

  progressOf(
    plan: TreatmentPlanEntity,
    v: TreatmentPlanVersionEntity,
    counts: InfusionCounts | undefined,
    now: Date,
  ): Progress {
    return computeProgress({
      status: plan.status,
      statusBeforeHold: plan.statusBeforeHold,
      induction: {
        plannedInfusions: v.inductionPlannedInfusions,
        windowDays: v.inductionWindowDays,
      },
      maintenance: {
        intervalDays: v.maintenanceIntervalDays,
        plannedInfusions: v.maintenancePlannedInfusions,
        asNeeded: v.maintenanceAsNeeded,
      },
      inductionStartedAt: plan.inductionStartedAt,
      firstInductionInfusionAt: counts?.firstInductionAt ?? null,
      maintenanceStartedAt: plan.maintenanceStartedAt,
      inductionInfusions: counts?.induction ?? 0,
      maintenanceInfusions: counts?.maintenance ?? 0,
      lastMaintenanceInfusionAt: counts?.lastMaintenanceAt ?? null,
      now,
    });
  }

  private responseOf(actor: Actor, r: PlanRecord, now: Date): TreatmentPlanResponseDto {
    const progress = this.progressOf(r.plan, r.version, r.counts, now);
    return mapPlan(r.plan, r.version, progress, seesClinicalDetail(actor));
  }

  async toResponse(
    actor: Actor,
    plan: TreatmentPlanEntity,
    manager?: EntityManager,
  ): Promise<TreatmentPlanResponseDto> {
    const v = await this.currentVersion(plan, manager);
    const counts = await this.infusionCountsOf(plan.id, manager);
    return mapPlan(
      plan,
      v,
      this.progressOf(plan, v, counts, new Date()),
      seesClinicalDetail(actor),
    );
  }

  /** §1.1: dose ≤ ceiling ≤ clinic maxDoseMgPerKg; titration rising within the ceiling. */
}
