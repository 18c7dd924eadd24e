import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { TransactionService } from 'src/database/transaction.service';
import { ControlledSubstanceLotsService } from 'src/sessions/controlled-substance-lots.service';
import { evaluateDischarge } from 'src/sessions/discharge.rules';
import { administeredWithinCeiling, belowPlannedDose } from 'src/sessions/dosing.rules';
import { applyOverrides } from 'src/sessions/pre-infusion-gate.rules';
import { PreInfusionGateService } from 'src/sessions/pre-infusion-gate.service';
import { SessionHooks } from 'src/sessions/session-hooks';
import {
  nextStatus,
  SessionAction,
  SessionStatus,
  transferCountsAsInfusion,
} from 'src/sessions/session-lifecycle.rules';
import {
  CheckInSessionDto,
  DischargeSessionDto,
  EndInfusionDto,
  InfusionEventDto,
  SessionDetailDto,
  StartSessionDto,
  TransferSessionDto,
} from 'src/sessions/session.dto';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { latestReadingAt } from 'src/sessions/vitals.rules';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { SESSION_RESOURCE, SessionsService } from 'src/sessions/sessions.service';
import { TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

const micro = (mg: number) => Math.round(mg * 1000);

/** The clinical day of a session: check-in, the pre-infusion gate and start, the infusion, discharge. */
@Injectable()
export class SessionsInfusionService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly reader: SessionsService,
    private readonly clinics: ClinicsService,
    private readonly gate: PreInfusionGateService,
    private readonly plans: TreatmentPlansService,
    private readonly lots: ControlledSubstanceLotsService,
    private readonly hooks: SessionHooks,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async checkIn(actor: Actor, id: string, dto: CheckInSessionDto): Promise<SessionDetailDto> {
    return this.act(actor, id, SessionAction.CHECK_IN, async (session) => {
      Object.assign(session, {
        checkedInAt: new Date(),
        checkedInBy: actor.userId,
        escortConfirmed: dto.escortConfirmed,
        fastingConfirmed: dto.fastingConfirmed,
      });
      return Promise.resolve({ fields: Object.keys(dto) });
    });
  }

  /**
   * Runs the pre-infusion gate (422 listing every failed check), computes the dose, draws it from
   * the lot and starts the infusion, all in one transaction.
   */
  async start(actor: Actor, id: string, dto: StartSessionDto): Promise<SessionDetailDto> {
    if (dto.overrides?.length && actor.role !== StaffRole.CLINICIAN) {
      throw new SessionException(
        SessionExceptionCode.OVERRIDE_NOT_ALLOWED,
        'Only a clinician may override a pre-infusion check',
      );
    }
    return this.act(actor, id, SessionAction.START, async (session, manager) => {
      const now = new Date();
      const plan = await this.plans.getPlanSnapshot(actor, session.planId, manager);
      const settings = await this.clinics.settingsOf(session.clinicId, manager);
      const { failures, dose } = await this.gate.evaluate(
        actor,
        manager,
        session,
        plan,
        settings,
        now,
      );
      const { remaining, applied } = applyOverrides(failures, dto.overrides ?? []);
      if (remaining.length > 0 || !dose) {
        throw new SessionException(
          SessionExceptionCode.PRE_INFUSION_GATE_FAILED,
          `The pre-infusion gate failed ${remaining.length} check(s)`,
          { failedChecks: remaining },
        );
      }
      const drawnMg = dto.drawnMg ?? dose.totalDoseMg;
      await this.lots.drawForSession(manager, actor, session.clinicId, dto.lotId, id, drawnMg);
      const rate =
        dto.rateMgPerHour ??
        Math.round((dose.totalDoseMg / plan.protocol.infusionMinutes) * 60 * 100) / 100;
      Object.assign(session, {
        startedAt: now,
        startedBy: actor.userId,
        gateOverrides: applied.map((o) => ({ ...o, by: actor.userId, at: now.toISOString() })),
        weightKg: dose.weightKg,
        weightBasis: plan.protocol.weightBasis,
        doseMgPerKg: plan.protocol.doseMgPerKg,
        plannedDoseMg: dose.totalDoseMg,
        ceilingMg: dose.ceilingMg,
        rateMgPerHour: rate,
        lotId: dto.lotId,
      });
      await this.sessions.addInfusionEvent(manager, {
        clinicId: session.clinicId,
        sessionId: id,
        kind: 'start',
        rateMgPerHour: rate,
        recordedBy: actor.userId,
        occurredAt: now,
      });
      // Audit details carry field names only, never clinical values (the overrides live on the row).
      return { fields: Object.keys(dto) };
    });
  }

  /** Pause (with reason), resume or change the rate of a running infusion. */
  async infusionEvent(actor: Actor, id: string, dto: InfusionEventDto): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const session = await this.reader.getOrFail(actor, id, manager);
      if (session.status !== SessionStatus.IN_PROGRESS) {
        throw new SessionException(
          SessionExceptionCode.INFUSION_NOT_RUNNING,
          'The infusion is not running',
        );
      }
      const events = await this.sessions.infusionEventsOf(id, manager);
      const paused = events.filter((e) => e.kind === 'pause' || e.kind === 'resume').pop();
      const isPaused = paused?.kind === 'pause';
      if ((dto.kind === 'pause' && isPaused) || (dto.kind === 'resume' && !isPaused)) {
        throw new SessionException(
          SessionExceptionCode.INFUSION_NOT_RUNNING,
          dto.kind === 'pause' ? 'The infusion is already paused' : 'The infusion is not paused',
        );
      }
      if (dto.kind === 'rate_change' && dto.rateMgPerHour !== undefined) {
        session.rateMgPerHour = dto.rateMgPerHour;
        await this.sessions.save(manager, session);
      }
      await this.sessions.addInfusionEvent(manager, {
        clinicId: session.clinicId,
        sessionId: id,
        kind: dto.kind,
        rateMgPerHour: dto.rateMgPerHour ?? null,
        reason: dto.reason ?? null,
        recordedBy: actor.userId,
      });
      await this.record(actor, manager, session, dto.kind);
      return this.reader.detail(actor, session, manager);
    });
  }

  /** Ends the infusion (see stopInfusion); less than the planned dose is an early stop. */
  async end(actor: Actor, id: string, dto: EndInfusionDto): Promise<SessionDetailDto> {
    return this.act(actor, id, SessionAction.END, async (session, manager) => {
      // Less than the planned dose is an early stop whatever the client says, and needs its reason.
      const stoppedEarly =
        dto.stoppedEarly === true ||
        (session.plannedDoseMg !== null &&
          belowPlannedDose(dto.administeredMg, session.plannedDoseMg));
      if (stoppedEarly && !dto.stopReason) {
        throw new SessionException(
          SessionExceptionCode.STOP_REASON_REQUIRED,
          `${dto.administeredMg} mg is less than the planned ${session.plannedDoseMg} mg: an early stop needs stopReason`,
          {
            errors: [{ field: 'stopReason', message: 'stopReason is required for an early stop' }],
          },
        );
      }
      await this.stopInfusion(actor, manager, session, {
        administeredMg: dto.administeredMg,
        wasteWitnessId: dto.wasteWitnessId,
        stoppedEarly,
        stopReason: dto.stopReason ?? null,
      });
      return { fields: Object.keys(dto) };
    });
  }

  /**
   * Discharge (§4.1): 422 listing every unmet criterion. The plan's progress and the registered
   * onDischarged handlers run in the same transaction.
   */
  async discharge(actor: Actor, id: string, dto: DischargeSessionDto): Promise<SessionDetailDto> {
    return this.act(actor, id, SessionAction.DISCHARGE, async (session, manager) => {
      const now = new Date();
      const settings = await this.clinics.settingsOf(session.clinicId, manager);
      const endedAt = session.infusionEndedAt;
      const vitals = await this.sessions.vitalsOf(id, manager);
      const failures = evaluateDischarge({
        now,
        infusionEndedAt: endedAt,
        dischargeVitals: endedAt ? latestReadingAt(vitals, now, endedAt) : null,
        orientationConfirmed: dto.orientationConfirmed,
        escortPresent: dto.escortPresent,
        settings,
      });
      if (failures.length > 0) {
        throw new SessionException(
          SessionExceptionCode.DISCHARGE_CRITERIA_NOT_MET,
          `Discharge criteria not met (${failures.length})`,
          { failedChecks: failures },
        );
      }
      Object.assign(session, {
        status: SessionStatus.DISCHARGED,
        dischargedAt: now,
        dischargedBy: actor.userId,
        orientationConfirmed: dto.orientationConfirmed,
        escortPresent: dto.escortPresent,
      });
      // Saved before the hooks so that handlers (and getSessionRef with their manager) see it.
      await this.sessions.save(manager, session);
      await this.sessions.releaseBookingAt(manager, id, now);
      await this.plans.recordInfusionCompleted(manager, session.planId, {
        sessionId: id,
        completedAt: now,
      });
      await this.hooks.runDischarged(manager, {
        sessionId: id,
        clinicId: session.clinicId,
        patientId: session.patientId,
        planId: session.planId,
        dischargedAt: now,
        departure: 'discharged',
      });
      return { fields: Object.keys(dto) };
    });
  }

  /**
   * Transfer to an emergency department (§3.5 escalation), from in_progress or recovery: the
   * patient can never meet the discharge criteria, so the session ends here, in status
   * `transferred`, signable like a discharge. A running infusion is stopped first (administeredMg
   * required, as at `end`). The chair is freed, the plan is flagged for clinical review, and the
   * session counts towards the plan's progress only if the infusion had ended before the transfer.
   * The automatic follow-ups are created as after a discharge.
   */
  async transfer(actor: Actor, id: string, dto: TransferSessionDto): Promise<SessionDetailDto> {
    return this.act(actor, id, SessionAction.TRANSFER, async (session, manager) => {
      const now = new Date();
      const from = session.status;
      if (from === SessionStatus.IN_PROGRESS) {
        if (dto.administeredMg === undefined) {
          throw new SessionException(
            SessionExceptionCode.ADMINISTERED_AMOUNT_REQUIRED,
            'The infusion is running: say how much was given before it was stopped',
            {
              errors: [
                { field: 'administeredMg', message: 'administeredMg is required while infusing' },
              ],
            },
          );
        }
        await this.stopInfusion(
          actor,
          manager,
          session,
          {
            administeredMg: dto.administeredMg,
            wasteWitnessId: dto.wasteWitnessId,
            stoppedEarly:
              session.plannedDoseMg === null ||
              belowPlannedDose(dto.administeredMg, session.plannedDoseMg),
            stopReason: dto.reason,
          },
          now,
        );
      }
      Object.assign(session, {
        status: SessionStatus.TRANSFERRED,
        transferredAt: now,
        transferredBy: actor.userId,
        transferReason: dto.reason,
        transferDestination: dto.destination ?? null,
      });
      await this.sessions.save(manager, session);
      await this.sessions.releaseBookingAt(manager, id, now);
      if (transferCountsAsInfusion(from)) {
        await this.plans.recordInfusionCompleted(manager, session.planId, {
          sessionId: id,
          completedAt: now,
        });
      }
      // An emergency transfer is a serious event (§3.5): no further infusion before a review.
      await this.plans.flagForReview(manager, session.planId, {
        reason: 'Patient transferred to an emergency department during a session',
        sessionId: id,
      });
      // The patient still gets the clinic's follow-up calls after an emergency transfer.
      await this.hooks.runDischarged(manager, {
        sessionId: id,
        clinicId: session.clinicId,
        patientId: session.patientId,
        planId: session.planId,
        dischargedAt: now,
        departure: 'transferred',
      });
      return { fields: Object.keys(dto) };
    });
  }

  /**
   * Stops the infusion: the amount given (never above the ceiling nor what was drawn) and, for the
   * rest of the draw, a witnessed waste entry in the lot's ledger.
   */
  private async stopInfusion(
    actor: Actor,
    manager: EntityManager,
    session: InfusionSessionEntity,
    stop: {
      administeredMg: number;
      wasteWitnessId?: string;
      stoppedEarly: boolean;
      stopReason: string | null;
    },
    at: Date = new Date(),
  ): Promise<void> {
    const ceiling = session.ceilingMg ?? 0;
    if (!administeredWithinCeiling(stop.administeredMg, ceiling)) {
      const message = `${stop.administeredMg} mg is above the session's ceiling of ${ceiling} mg`;
      throw new SessionException(SessionExceptionCode.DOSE_ABOVE_CEILING, message, {
        failedChecks: [{ check: 'DOSE_ABOVE_CEILING', message, overridable: false }],
      });
    }
    const entries = await this.lots.entriesOfSession(session.id, manager);
    const drawn = entries
      .filter((e) => e.kind === 'draw')
      .reduce((sum, e) => sum + micro(e.quantityMg), 0);
    const given = micro(stop.administeredMg);
    if (given > drawn) {
      const message = `${stop.administeredMg} mg is more than the ${drawn / 1000} mg drawn`;
      throw new SessionException(SessionExceptionCode.DRAWN_NOT_ACCOUNTED, message, {
        failedChecks: [{ check: 'GIVEN_EXCEEDS_DRAWN', message, overridable: false }],
      });
    }
    const lotId = session.lotId as string;
    const base = { clinicId: session.clinicId, lotId, sessionId: session.id };
    if (given > 0) {
      await this.lots.recordForSession(manager, actor, {
        ...base,
        kind: 'administer',
        quantityMg: stop.administeredMg,
      });
    }
    if (drawn > given) {
      await this.lots.recordForSession(manager, actor, {
        ...base,
        kind: 'waste',
        quantityMg: (drawn - given) / 1000,
        witnessId: stop.wasteWitnessId ?? null,
        reason: stop.stoppedEarly ? 'infusion stopped early' : 'remainder of draw',
      });
    }
    Object.assign(session, {
      administeredMg: stop.administeredMg,
      infusionEndedAt: at,
      endedBy: actor.userId,
      stoppedEarly: stop.stoppedEarly,
      stopReason: stop.stopReason,
    });
    await this.sessions.addInfusionEvent(manager, {
      clinicId: session.clinicId,
      sessionId: session.id,
      kind: 'stop',
      reason: stop.stopReason,
      recordedBy: actor.userId,
      occurredAt: at,
    });
  }

  /** Lock, move by `action` (409 when illegal), apply `work`, save, audit, answer the record. */
  private async act(
    actor: Actor,
    id: string,
    action: SessionAction,
    work: (
      session: InfusionSessionEntity,
      manager: EntityManager,
    ) => Promise<Record<string, unknown>>,
  ): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const session = await this.reader.getOrFail(actor, id, manager);
      if (session.signedAt) {
        throw SessionException.signed();
      }
      const next = nextStatus(session.status, action);
      if (!next) {
        throw SessionException.illegal(session.status, action);
      }
      const details = await work(session, manager);
      session.status = next;
      await this.sessions.save(manager, session);
      await this.record(actor, manager, session, action, details);
      return this.reader.detail(actor, session, manager);
    });
  }

  private async record(
    actor: Actor,
    manager: EntityManager,
    session: InfusionSessionEntity,
    actionName: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
      actor,
      {
        action: AuditAction.ACTION,
        actionName,
        resourceType: SESSION_RESOURCE,
        resourceId: session.id,
        clinicId: session.clinicId,
        details,
      },
      manager,
    );
  }
}
