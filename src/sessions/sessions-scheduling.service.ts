import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { assertVersion } from 'src/common/http/etag';
import { CLOCK_SKEW_MS } from 'src/common/validation/not-in-future.validator';
import { TransactionService } from 'src/database/transaction.service';
import { freeStretches } from 'src/sessions/availability.rules';
import { ChairsService } from 'src/sessions/chairs.service';
import { lateEntryRecord, occurrenceOf } from 'src/sessions/session-actions';
import { nextStatus, SessionAction } from 'src/sessions/session-lifecycle.rules';
import {
  AvailabilityQueryDto,
  AvailabilityResponseDto,
} from 'src/sessions/session-availability.dto';
import {
  CancelSessionDto,
  CreateSessionDto,
  RescheduleSessionDto,
  SessionDetailDto,
} from 'src/sessions/session.dto';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { SESSION_RESOURCE, SessionsService } from 'src/sessions/sessions.service';
import { StaffCredentialChecksService } from 'src/staff-credentials/staff-credential-checks.service';
import { PlanSnapshot } from 'src/treatment-plans/plan-snapshot';
import { TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';
import { UsersService } from 'src/users/users.service';

const NURSING_ROLES: StaffRole[] = [StaffRole.NURSE, StaffRole.CLINICIAN];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const inPast = (start: Date) => start.getTime() < Date.now() - CLOCK_SKEW_MS;

/** A booking must not start in the past (beyond the usual clock skew between client and server). */
function assertNotInPast(start: Date): void {
  if (inPast(start)) {
    throw new SessionException(
      SessionExceptionCode.SCHEDULED_START_IN_PAST,
      'A session cannot be booked to start in the past; record one that happened with lateEntryReason',
      { errors: [{ field: 'scheduledStart', message: 'scheduledStart must not be in the past' }] },
    );
  }
}

interface Slot {
  sessionId: string | null;
  start: Date;
  chairId: string;
  nurseId: string;
}

/**
 * Booking, rescheduling, cancelling and no-shows. Chair and patient double booking are refused by
 * the database's exclusion constraints (409 CHAIR_DOUBLE_BOOKED / PATIENT_DOUBLE_BOOKED); the
 * nurse ratio is counted under a per-nurse advisory lock so concurrent bookings serialise.
 */
@Injectable()
export class SessionsSchedulingService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly reader: SessionsService,
    private readonly chairs: ChairsService,
    private readonly clinics: ClinicsService,
    private readonly plans: TreatmentPlansService,
    private readonly users: UsersService,
    private readonly staffCredentials: StaffCredentialChecksService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async book(actor: Actor, dto: CreateSessionDto): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const plan = await this.plans.getPlanSnapshot(actor, dto.planId, manager);
      if (plan.patientId !== dto.patientId) {
        throw new SessionException(
          SessionExceptionCode.PLAN_PATIENT_MISMATCH,
          'The plan is not this patient’s',
          { errors: [{ field: 'planId', message: 'planId must be a plan of the patient' }] },
        );
      }
      const phase = this.assertBookable(plan);
      const settings = await this.clinics.settingsOf(plan.clinicId, manager);
      const infusionMinutes = plan.protocol.infusionMinutes;
      const recoveryMinutes = settings.bookedRecoveryMinutes;
      const slot = { sessionId: null, start: new Date(dto.scheduledStart), ...dto };
      // A session that happened but was never booked is recorded late (issue 9 point 6).
      const late = dto.lateEntryReason !== undefined && inPast(slot.start);
      if (!late) {
        assertNotInPast(slot.start);
      }
      const now = new Date();
      const booked = late
        ? occurrenceOf(
            actor,
            null,
            'book',
            { occurredAt: dto.scheduledStart, lateEntryReason: dto.lateEntryReason },
            settings,
            null,
            now,
          )
        : null;
      await this.checkSlot(actor, manager, plan, slot, infusionMinutes + recoveryMinutes);
      await this.assertPhaseRoom(manager, plan, phase, null);
      const id = await this.sessions.insert(manager, {
        clinicId: plan.clinicId,
        patientId: plan.patientId,
        planId: plan.id,
        planPhase: phase,
        planAmendmentNumber: plan.amendmentNumber,
        chairId: dto.chairId,
        nurseId: dto.nurseId,
        scheduledStart: slot.start,
        infusionMinutes,
        recoveryMinutes,
        scheduledBy: actor.userId,
      });
      const session = await this.reader.getOrFail(actor, id, manager);
      if (booked) {
        const reason = dto.lateEntryReason as string;
        session.lateEntries = [lateEntryRecord(actor, 'book', booked.at, reason, now)];
        await this.sessions.save(manager, session);
      }
      await this.record(
        actor,
        manager,
        AuditAction.CREATE,
        plan.clinicId,
        id,
        undefined,
        booked?.audit,
      );
      return this.reader.detail(actor, session, manager);
    });
  }

  async reschedule(
    actor: Actor,
    id: string,
    dto: RescheduleSessionDto,
    expectedVersion?: number,
  ): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const session = await this.reader.getOrFail(actor, id, manager);
      assertVersion(session, expectedVersion, 'Session');
      this.transition(session, SessionAction.RESCHEDULE);
      const plan = await this.plans.getPlanSnapshot(actor, session.planId, manager);
      const slot: Slot = {
        sessionId: session.id,
        start: dto.scheduledStart ? new Date(dto.scheduledStart) : session.scheduledStart,
        chairId: dto.chairId ?? session.chairId,
        nurseId: dto.nurseId ?? session.nurseId,
      };
      if (dto.scheduledStart) {
        assertNotInPast(slot.start);
      }
      const minutes = session.infusionMinutes + session.recoveryMinutes;
      await this.checkSlot(actor, manager, plan, slot, minutes);
      await this.sessions.moveBooking(manager, session.id, { ...slot, minutes });
      await this.sessions.addScheduleChange(manager, {
        clinicId: session.clinicId,
        sessionId: session.id,
        previousStart: session.scheduledStart,
        previousChairId: session.chairId,
        previousNurseId: session.nurseId,
        newStart: slot.start,
        newChairId: slot.chairId,
        newNurseId: slot.nurseId,
        reason: dto.reason ?? null,
        changedBy: actor.userId,
      });
      await this.record(actor, manager, AuditAction.ACTION, session.clinicId, id, 'reschedule', {
        fields: Object.keys(dto).filter((k) => k !== 'reason'),
      });
      return this.reader.detail(actor, await this.reader.getOrFail(actor, id, manager), manager);
    });
  }

  async cancel(actor: Actor, id: string, dto: CancelSessionDto): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const session = await this.reader.getOrFail(actor, id, manager);
      session.status = this.transition(session, SessionAction.CANCEL);
      Object.assign(session, {
        cancelledAt: new Date(),
        cancelledBy: actor.userId,
        cancelReason: dto.reason,
      });
      await this.sessions.save(manager, session);
      await this.record(actor, manager, AuditAction.ACTION, session.clinicId, id, 'cancel');
      return this.reader.detail(actor, session, manager);
    });
  }

  async noShow(actor: Actor, id: string): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const session = await this.reader.getOrFail(actor, id, manager);
      session.status = this.transition(session, SessionAction.NO_SHOW);
      Object.assign(session, { noShowAt: new Date(), noShowBy: actor.userId });
      await this.sessions.save(manager, session);
      await this.record(actor, manager, AuditAction.ACTION, session.clinicId, id, 'no_show');
      return this.reader.detail(actor, session, manager);
    });
  }

  /** Free stretches of every active chair within the clinic's opening hours on `date`. */
  async availability(
    actor: Actor,
    clinicId: string,
    query: AvailabilityQueryDto,
  ): Promise<AvailabilityResponseDto> {
    const clinic = await this.clinics.get(actor, clinicId);
    const weekday = DAYS[new Date(`${query.date}T12:00:00Z`).getUTCDay()];
    const hours =
      clinic.hours.length === 0
        ? { opens: '00:00', closes: '24:00' }
        : clinic.hours.find((h) => h.day === weekday);
    const bounds = hours
      ? await this.sessions.localDayBounds(query.date, hours.opens, hours.closes, clinic.timezone)
      : null;
    const chairs = await this.chairs.activeChairs(clinicId);
    const bookings = bounds
      ? await this.sessions.chairBookings(clinicId, bounds.opens, bounds.closes)
      : [];
    const min = query.minMinutes ?? 1;
    return {
      clinicId,
      date: query.date,
      timezone: clinic.timezone,
      opens: (bounds?.opens ?? new Date(`${query.date}T00:00:00Z`)).toISOString(),
      closes: (bounds?.closes ?? new Date(`${query.date}T00:00:00Z`)).toISOString(),
      chairs: chairs.map((c) => ({
        chairId: c.id,
        name: c.name,
        free: bounds
          ? freeStretches(
              bounds.opens,
              bounds.closes,
              bookings.filter((b) => b.chairId === c.id),
            ).filter((f) => f.minutes >= min)
          : [],
      })),
    };
  }

  private assertBookable(plan: PlanSnapshot): 'induction' | 'maintenance' {
    if ((plan.status !== 'active' && plan.status !== 'maintenance') || !plan.currentPhase) {
      throw new SessionException(
        SessionExceptionCode.PLAN_NOT_ACTIVE,
        `Sessions can only be booked under an active plan (this one is ${plan.status})`,
      );
    }
    return plan.currentPhase;
  }

  /** Past the phase's planned count → 409 unless the plan is amended to plan more. */
  private async assertPhaseRoom(
    manager: EntityManager,
    plan: PlanSnapshot,
    phase: 'induction' | 'maintenance',
    excludeId: string | null,
  ): Promise<void> {
    const planned =
      phase === 'induction' ? plan.induction.plannedInfusions : plan.maintenance.plannedInfusions;
    if (planned === null) {
      return;
    }
    const open = await this.sessions.countOpenInPhase(manager, plan.id, phase, excludeId);
    if (plan.infusionsCompletedInPhase + open >= planned) {
      throw new SessionException(
        SessionExceptionCode.PLAN_PHASE_COMPLETE,
        `The ${phase} phase plans ${planned} infusions and all are completed or booked; amend the plan to book more`,
        { planned, completed: plan.infusionsCompletedInPhase, booked: open },
      );
    }
  }

  private async checkSlot(
    actor: Actor,
    manager: EntityManager,
    plan: PlanSnapshot,
    slot: Slot,
    minutes: number,
  ): Promise<void> {
    // Row-locked until the booking commits, so that it cannot race the chair's deactivation.
    const chair = await this.chairs.getOrFail(actor, plan.clinicId, slot.chairId, manager);
    if (!chair.active) {
      throw new SessionException(
        SessionExceptionCode.CHAIR_INACTIVE,
        'The chair is deactivated and cannot be booked',
      );
    }
    const role = await this.users.activeRoleIn(slot.nurseId, plan.clinicId, manager);
    if (!role || !NURSING_ROLES.includes(role)) {
      throw new SessionException(
        SessionExceptionCode.NURSE_INVALID,
        'nurseId must be an active nurse or clinician of the clinic',
        { errors: [{ field: 'nurseId', message: 'must be an active nurse of the clinic' }] },
      );
    }
    // §3.3: the nurse holds the clinic's required credentials, valid on the session's date.
    const failedChecks = await this.staffCredentials.checkNurse(manager, {
      clinicId: plan.clinicId,
      nurseId: slot.nurseId,
      at: slot.start,
    });
    if (failedChecks.length > 0) {
      throw new SessionException(
        SessionExceptionCode.STAFF_CREDENTIALS_INVALID,
        `The nurse fails ${failedChecks.length} credential check(s) for this session's date`,
        { failedChecks },
      );
    }
    // The chair row is locked above; the patient is serialised here, so that the conflicts found
    // below are the ones the exclusion constraints would meet, and the 409 can name them.
    await this.sessions.lockPatient(manager, plan.patientId);
    const end = new Date(slot.start.getTime() + minutes * 60_000);
    const conflicts = await this.sessions.bookingConflicts(manager, {
      chairId: slot.chairId,
      patientId: plan.patientId,
      start: slot.start,
      end,
      excludeId: slot.sessionId,
    });
    if (conflicts.chair.length > 0) {
      throw new SessionException(
        SessionExceptionCode.CHAIR_DOUBLE_BOOKED,
        'The chair is already booked for part of that time',
        { conflictingSessionIds: conflicts.chair },
      );
    }
    if (conflicts.patient.length > 0) {
      throw new SessionException(
        SessionExceptionCode.PATIENT_DOUBLE_BOOKED,
        'The patient already has a session booked for part of that time',
        { conflictingSessionIds: conflicts.patient },
      );
    }
    const hours = plan.induction.minHoursBetweenInfusions;
    const near = await this.sessions.startsNear(
      manager,
      plan.patientId,
      slot.start,
      hours,
      slot.sessionId,
    );
    if (near.length > 0) {
      throw new SessionException(
        SessionExceptionCode.INFUSION_SPACING,
        `Infusions must be at least ${hours} hours apart under this plan; amend the plan to change the spacing`,
        { minHoursBetweenInfusions: hours, conflictingSessionIds: near },
      );
    }
    const settings = await this.clinics.settingsOf(plan.clinicId, manager);
    await this.sessions.lockNurse(manager, slot.nurseId);
    const { load, sessionIds } = await this.sessions.maxNurseLoad(
      manager,
      slot.nurseId,
      slot.start,
      end,
      slot.sessionId,
    );
    if (load + 1 > settings.maxPatientsPerNurse) {
      throw new SessionException(
        SessionExceptionCode.NURSE_RATIO_EXCEEDED,
        `The nurse would monitor more than ${settings.maxPatientsPerNurse} patients at once`,
        { maxPatientsPerNurse: settings.maxPatientsPerNurse, conflictingSessionIds: sessionIds },
      );
    }
  }

  private transition(session: InfusionSessionEntity, action: SessionAction) {
    if (session.signedAt) {
      throw SessionException.signed();
    }
    const next = nextStatus(session.status, action);
    if (!next) {
      throw SessionException.illegal(session.status, action);
    }
    return next;
  }

  private async record(
    actor: Actor,
    manager: EntityManager,
    action: AuditAction,
    clinicId: string,
    id: string,
    actionName?: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
      actor,
      { action, actionName, resourceType: SESSION_RESOURCE, resourceId: id, clinicId, details },
      manager,
    );
  }
}
