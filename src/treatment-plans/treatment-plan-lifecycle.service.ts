import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { assertVersion } from 'src/common/http/etag';
import { TransactionService } from 'src/database/transaction.service';
import { PatientsService } from 'src/patients/patients.service';
import { ScreeningsService } from 'src/screenings/screenings.service';
import { UsersService } from 'src/users/users.service';
import { PlanStatus } from 'src/treatment-plans/plan-snapshot';
import { TreatmentPlanResponseDto } from 'src/treatment-plans/treatment-plan.dto';
import { TreatmentPlanEntity } from 'src/treatment-plans/treatment-plan.entity';
import {
  TreatmentPlanException,
  TreatmentPlanExceptionCode,
} from 'src/treatment-plans/treatment-plan.exception';
import {
  activationRefusals,
  doseRefusals,
  nextStatus,
  PlanAction,
} from 'src/treatment-plans/treatment-plan-lifecycle.rules';
import { inductionScheduleRefusals } from 'src/treatment-plans/treatment-plan-terms.rules';
import { TreatmentPlansRepository } from 'src/treatment-plans/treatment-plans.repository';
import { PLAN_RESOURCE, TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

const EVENT_OF: Record<PlanAction, string> = {
  activate: 'activated',
  start_maintenance: 'maintenance_started',
  hold: 'held',
  resume: 'resumed',
  complete: 'completed',
  discontinue: 'discontinued',
};

/** The explicit lifecycle actions (issue 3 point 4), each one transaction with history and audit. */
@Injectable()
export class TreatmentPlanLifecycleService {
  constructor(
    private readonly plans: TreatmentPlansService,
    private readonly repo: TreatmentPlansRepository,
    private readonly patients: PatientsService,
    private readonly screenings: ScreeningsService,
    private readonly clinics: ClinicsService,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  activate(actor: Actor, id: string, expectedVersion?: number): Promise<TreatmentPlanResponseDto> {
    return this.move(actor, id, 'activate', expectedVersion, undefined, async (manager, plan) => {
      const now = new Date();
      // Read and row-lock the patient inside the transaction first: a concurrent archive (or a
      // new screening, which locks the patient too) waits for the activation, or is seen by it.
      const patient = await this.patients.getOrFail(actor, plan.patientId, manager);
      const [screening, settings, role, terms] = await Promise.all([
        this.screenings.latestScreening(plan.patientId, manager),
        this.clinics.settingsOf(plan.clinicId, manager),
        this.users.activeRoleIn(plan.prescriberId, plan.clinicId, manager),
        this.plans.currentVersion(plan, manager),
      ]);
      const failedChecks = activationRefusals({
        prescriberIsActiveClinician: role === StaffRole.CLINICIAN,
        patientArchived: patient.archivedAt !== null,
        planIndication: plan.indication,
        screening,
        // The clinic may have tightened its limits since the plan was drafted.
        doseChecks: [
          ...doseRefusals(terms.doseMgPerKg, terms.ceilingMgPerKg, settings.maxDoseMgPerKg),
          ...inductionScheduleRefusals(terms, settings.minHoursBetweenInfusions),
        ],
        now,
      });
      if (failedChecks.length > 0) {
        throw new TreatmentPlanException(
          TreatmentPlanExceptionCode.ACTIVATION_REFUSED,
          'The plan cannot be activated',
          { failedChecks },
        );
      }
      Object.assign(plan, {
        activatedAt: now,
        inductionStartedAt: now,
        activationScreeningId: screening?.screeningId ?? null,
      });
    });
  }

  startMaintenance(
    actor: Actor,
    id: string,
    reason: string | undefined,
    expectedVersion?: number,
  ): Promise<TreatmentPlanResponseDto> {
    return this.move(
      actor,
      id,
      'start_maintenance',
      expectedVersion,
      reason,
      async (manager, plan) => {
        await this.assertInductionDoneOrReason(manager, plan, reason, 'start maintenance early');
        plan.maintenanceStartedAt = new Date();
      },
    );
  }

  hold(actor: Actor, id: string, reason: string, expectedVersion?: number) {
    return this.move(actor, id, 'hold', expectedVersion, reason, (_m, plan) => {
      plan.statusBeforeHold = plan.status;
      plan.holdReason = reason;
    });
  }

  resume(actor: Actor, id: string, expectedVersion?: number) {
    return this.move(actor, id, 'resume', expectedVersion, undefined, (_m, plan) => {
      plan.statusBeforeHold = null;
      plan.holdReason = null;
    });
  }

  complete(actor: Actor, id: string, reason: string | undefined, expectedVersion?: number) {
    return this.move(actor, id, 'complete', expectedVersion, reason, async (manager, plan) => {
      // Ending during induction is a clinical decision like starting maintenance early.
      if (plan.status === 'active') {
        await this.assertInductionDoneOrReason(manager, plan, reason, 'complete the course early');
      }
      plan.endedAt = new Date();
    });
  }

  /** §1.2: leaving induction before its planned count is done needs a reason (422 otherwise). */
  private async assertInductionDoneOrReason(
    manager: EntityManager,
    plan: TreatmentPlanEntity,
    reason: string | undefined,
    what: string,
  ): Promise<void> {
    const [v, counts] = await Promise.all([
      this.plans.currentVersion(plan, manager),
      this.plans.infusionCountsOf(plan.id, manager),
    ]);
    const done = counts?.induction ?? 0;
    if (done < v.inductionPlannedInfusions && !reason) {
      throw new TreatmentPlanException(
        TreatmentPlanExceptionCode.INDUCTION_NOT_COMPLETE,
        'Induction is not complete',
        {
          failedChecks: [
            {
              check: 'INDUCTION_COMPLETE',
              message: `${done} of ${v.inductionPlannedInfusions} induction infusions done; give a reason to ${what}`,
              overridable: true,
            },
          ],
        },
      );
    }
  }

  discontinue(actor: Actor, id: string, reason: string, expectedVersion?: number) {
    return this.move(actor, id, 'discontinue', expectedVersion, reason, (_m, plan) => {
      Object.assign(plan, {
        endedAt: new Date(),
        discontinueReason: reason,
        statusBeforeHold: null,
      });
    });
  }

  /** Clears a review flag (set by sessions after a serious event) once a clinician has reviewed. */
  clearReview(actor: Actor, id: string, reason: string): Promise<TreatmentPlanResponseDto> {
    return this.tx.run(async (manager) => {
      const plan = await this.plans.getOrFail(actor, id, manager);
      if (!plan.needsClinicalReview) {
        throw new TreatmentPlanException(
          TreatmentPlanExceptionCode.NO_REVIEW_PENDING,
          'The plan is not flagged for review',
        );
      }
      plan.needsClinicalReview = false;
      await this.repo.savePlan(manager, plan);
      await this.repo.insertEvent(manager, {
        clinicId: plan.clinicId,
        planId: plan.id,
        event: 'review_cleared',
        actorId: actor.userId,
        reason,
      });
      await this.auditAction(manager, actor, plan, 'clear-review', {});
      return this.plans.toResponse(actor, plan, manager);
    });
  }

  private move(
    actor: Actor,
    id: string,
    action: PlanAction,
    expectedVersion: number | undefined,
    reason: string | undefined,
    apply: (manager: EntityManager, plan: TreatmentPlanEntity) => Promise<void> | void,
  ): Promise<TreatmentPlanResponseDto> {
    return this.tx.run(async (manager) => {
      const plan = await this.plans.getOrFail(actor, id, manager);
      assertVersion(plan, expectedVersion, PLAN_RESOURCE);
      const from: PlanStatus = plan.status;
      const to = nextStatus(from, action, plan.statusBeforeHold);
      if (!to) {
        throw new TreatmentPlanException(
          TreatmentPlanExceptionCode.ILLEGAL_TRANSITION,
          `Cannot ${action.replace('_', ' ')} a plan that is ${from}`,
          { status: from, action },
        );
      }
      await apply(manager, plan);
      plan.status = to;
      await this.repo.savePlan(manager, plan);
      await this.repo.insertEvent(manager, {
        clinicId: plan.clinicId,
        planId: plan.id,
        event: EVENT_OF[action],
        fromStatus: from,
        toStatus: to,
        actorId: actor.userId,
        reason: reason ?? null,
      });
      await this.auditAction(manager, actor, plan, action.replace('_', '-'), { from, to });
      return this.plans.toResponse(actor, plan, manager);
    });
  }

  private auditAction(
    manager: EntityManager,
    actor: Actor,
    plan: TreatmentPlanEntity,
    actionName: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      actor,
      {
        action: AuditAction.ACTION,
        actionName,
        resourceType: PLAN_RESOURCE,
        resourceId: plan.id,
        clinicId: plan.clinicId,
        details,
      },
      manager,
    );
  }
}
