import { Injectable } from '@nestjs/common';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicSettings } from 'src/clinics/clinic-settings';
import { ClinicsService } from 'src/clinics/clinics.service';
import { assertVersion } from 'src/common/http/etag';
import { TransactionService } from 'src/database/transaction.service';
import { PatientsService } from 'src/patients/patients.service';
import { UsersService } from 'src/users/users.service';
import {
  AmendTreatmentPlanDto,
  CreateTreatmentPlanDto,
  TreatmentPlanResponseDto,
} from 'src/treatment-plans/treatment-plan.dto';
import {
  TreatmentPlanException,
  TreatmentPlanExceptionCode,
} from 'src/treatment-plans/treatment-plan.exception';
import { isAmendable } from 'src/treatment-plans/treatment-plan-lifecycle.rules';
import {
  amendedTerms,
  hasMaintenanceSchedule,
  inductionScheduleRefusals,
  PlanTerms,
  termsDoseRefusals,
  termsFromRequest,
} from 'src/treatment-plans/treatment-plan-terms.rules';
import { TreatmentPlansRepository } from 'src/treatment-plans/treatment-plans.repository';
import { PLAN_RESOURCE, TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

/** §1.1 limits and §1.2 spacing (422 listing each check) and a maintenance schedule (400). */
function assertTerms(terms: PlanTerms, settings: ClinicSettings): void {
  const failedChecks = termsDoseRefusals(terms, settings.maxDoseMgPerKg);
  if (failedChecks.length > 0) {
    throw new TreatmentPlanException(
      TreatmentPlanExceptionCode.DOSE_LIMIT_EXCEEDED,
      'The plan’s dosing is outside its limits',
      { failedChecks },
    );
  }
  const scheduleChecks = inductionScheduleRefusals(terms, settings.minHoursBetweenInfusions);
  if (scheduleChecks.length > 0) {
    throw new TreatmentPlanException(
      TreatmentPlanExceptionCode.INDUCTION_SCHEDULE_REFUSED,
      'The induction schedule breaks the clinic’s spacing or cannot fit its window',
      { failedChecks: scheduleChecks },
    );
  }
  if (!hasMaintenanceSchedule(terms)) {
    throw new TreatmentPlanException(
      TreatmentPlanExceptionCode.INVALID_MAINTENANCE_SCHEDULE,
      'Maintenance needs intervalDays unless it is asNeeded',
      { errors: [{ field: 'maintenance.intervalDays', message: 'required unless asNeeded' }] },
    );
  }
}

/** Drafting plans and amending their clinical terms (a new version each time, never an overwrite). */
@Injectable()
export class TreatmentPlanAuthoringService {
  constructor(
    private readonly plans: TreatmentPlansService,
    private readonly repo: TreatmentPlansRepository,
    private readonly patients: PatientsService,
    private readonly clinics: ClinicsService,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateTreatmentPlanDto): Promise<TreatmentPlanResponseDto> {
    return this.tx.run(async (manager) => {
      const patient = await this.patients.getOrFail(actor, dto.patientId, manager);
      if (patient.archivedAt) {
        throw new TreatmentPlanException(
          TreatmentPlanExceptionCode.PATIENT_ARCHIVED,
          'An archived patient cannot get a new plan; restore it first',
        );
      }
      const prescriberId = dto.prescriberId ?? actor.userId;
      const role = await this.users.activeRoleIn(prescriberId, patient.clinicId, manager);
      if (role !== StaffRole.CLINICIAN) {
        throw new TreatmentPlanException(
          TreatmentPlanExceptionCode.PRESCRIBER_NOT_CLINICIAN,
          'The prescriber must be an active clinician of the patient’s clinic',
          { errors: [{ field: 'prescriberId', message: 'not an active clinician of the clinic' }] },
        );
      }
      const settings = await this.clinics.settingsOf(patient.clinicId, manager);
      const terms = termsFromRequest(dto, settings);
      assertTerms(terms, settings);
      const plan = await this.repo.insertPlan(manager, {
        clinicId: patient.clinicId,
        patientId: patient.id,
        indication: dto.indication,
        prescriberId,
        status: 'draft',
        amendmentNumber: 1,
        needsClinicalReview: false,
        createdBy: actor.userId,
      });
      const version = await this.repo.insertVersion(manager, {
        ...terms,
        clinicId: plan.clinicId,
        planId: plan.id,
        amendmentNumber: 1,
        reason: null,
        authorId: actor.userId,
      });
      plan.currentVersionId = version.id;
      await this.repo.savePlan(manager, plan);
      await this.repo.insertEvent(manager, {
        clinicId: plan.clinicId,
        planId: plan.id,
        event: 'created',
        toStatus: 'draft',
        actorId: actor.userId,
        amendmentNumber: 1,
      });
      await this.audit.record(
        actor,
        {
          action: AuditAction.CREATE,
          resourceType: PLAN_RESOURCE,
          resourceId: plan.id,
          clinicId: plan.clinicId,
          details: { patientId: patient.id },
        },
        manager,
      );
      return this.plans.toResponse(actor, plan, manager);
    });
  }

  async amend(
    actor: Actor,
    id: string,
    dto: AmendTreatmentPlanDto,
    expectedVersion?: number,
  ): Promise<TreatmentPlanResponseDto> {
    const changed = (
      ['protocol', 'induction', 'maintenance', 'adjunctCare', 'goals'] as const
    ).filter((k) => dto[k] !== undefined);
    if (changed.length === 0) {
      throw new TreatmentPlanException(
        TreatmentPlanExceptionCode.NOTHING_TO_AMEND,
        'An amendment must change at least one of protocol, induction, maintenance, adjunctCare, goals',
      );
    }
    return this.tx.run(async (manager) => {
      const plan = await this.plans.getOrFail(actor, id, manager);
      assertVersion(plan, expectedVersion, PLAN_RESOURCE);
      if (!isAmendable(plan.status)) {
        throw new TreatmentPlanException(
          TreatmentPlanExceptionCode.PLAN_CLOSED,
          `A ${plan.status} plan cannot be amended`,
        );
      }
      const current = await this.plans.currentVersion(plan, manager);
      const settings = await this.clinics.settingsOf(plan.clinicId, manager);
      const terms = amendedTerms(current, dto);
      assertTerms(terms, settings);
      const amendmentNumber = plan.amendmentNumber + 1;
      const version = await this.repo.insertVersion(manager, {
        ...terms,
        clinicId: plan.clinicId,
        planId: plan.id,
        amendmentNumber,
        reason: dto.reason,
        authorId: actor.userId,
      });
      Object.assign(plan, { currentVersionId: version.id, amendmentNumber });
      await this.plans.completeInductionIfReached(manager, plan, terms.inductionPlannedInfusions);
      await this.repo.savePlan(manager, plan);
      await this.repo.insertEvent(manager, {
        clinicId: plan.clinicId,
        planId: plan.id,
        event: 'amended',
        actorId: actor.userId,
        reason: dto.reason,
        amendmentNumber,
      });
      await this.audit.record(
        actor,
        {
          action: AuditAction.UPDATE,
          resourceType: PLAN_RESOURCE,
          resourceId: plan.id,
          clinicId: plan.clinicId,
          details: { fields: changed, amendmentNumber },
        },
        manager,
      );
      return this.plans.toResponse(actor, plan, manager);
    });
  }
}
