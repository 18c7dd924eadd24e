import { Injectable } from '@nestjs/common';
import { Actor, StaffRole } from 'src/auth/actor';
import { ClinicsService } from 'src/clinics/clinics.service';
import { TransactionService } from 'src/database/transaction.service';
import { ControlledSubstanceLotsService } from 'src/sessions/controlled-substance-lots.service';
import { drawFailures, rateFailures } from 'src/sessions/delivery.rules';
import { belowPlannedDose } from 'src/sessions/dosing.rules';
import { InfusionStopService, noOpenHold } from 'src/sessions/infusion-stop.service';
import { MomentOfCareService } from 'src/sessions/moment-of-care.service';
import {
  applyOverrides,
  GateCheckResult,
  GateOverride,
} from 'src/sessions/pre-infusion-gate.rules';
import { PreInfusionGateService } from 'src/sessions/pre-infusion-gate.service';
import { assertNoReadingAfter, occurrenceOf, SessionActions } from 'src/sessions/session-actions';
import { SessionHooks } from 'src/sessions/session-hooks';
import {
  SessionAction,
  SessionStatus,
  transferCountsAsInfusion,
} from 'src/sessions/session-lifecycle.rules';
import {
  CheckInSessionDto,
  EndInfusionDto,
  InfusionEventDto,
  StartSessionDto,
  TransferSessionDto,
} from 'src/sessions/session-infusion.dto';
import { SessionDetailDto } from 'src/sessions/session.dto';
import { CorrectCheckInDto, StopThresholdDecisionDto } from 'src/sessions/session-safety.dto';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { SessionsService } from 'src/sessions/sessions.service';
import { TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

/** Overrides are a clinician's call (§1.2, §2.3); a nurse sending one is refused whole. */
function assertMayOverride(actor: Actor, overrides: GateOverride[] | undefined): void {
  if (overrides?.length && actor.role !== StaffRole.CLINICIAN) {
    throw new SessionException(
      SessionExceptionCode.OVERRIDE_NOT_ALLOWED,
      'Only a clinician may override a check',
    );
  }
}

/** For the audit event: the checks overridden, when any (codes only). */
const overridden = (applied: GateOverride[]) =>
  applied.length > 0 ? { overridden: applied.map((o) => o.check) } : {};

/** The overrides applied now, recorded on the session after the earlier ones. */
function withOverrides(
  session: InfusionSessionEntity,
  actor: Actor,
  applied: GateOverride[],
  at: Date,
) {
  return [
    ...session.gateOverrides,
    ...applied.map((o) => ({ ...o, by: actor.userId, at: at.toISOString() })),
  ];
}

/**
 * The clinical day of a session: check-in, the pre-infusion gate and start, the infusion (with
 * stop-threshold holds), end and transfer. Discharge is in SessionsDischargeService.
 */
@Injectable()
export class SessionsInfusionService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly reader: SessionsService,
    private readonly clinics: ClinicsService,
    private readonly gate: PreInfusionGateService,
    private readonly care: MomentOfCareService,
    private readonly plans: TreatmentPlansService,
    private readonly lots: ControlledSubstanceLotsService,
    private readonly stopper: InfusionStopService,
    private readonly hooks: SessionHooks,
    private readonly tx: TransactionService,
    private readonly actions: SessionActions,
  ) {}

  /**
   * Arrival: the session's time window, the patient in no other session and the plan's spacing
   * (issue 9 point 1) are checked again, under the patient's lock; 422 CHECK_IN_REFUSED lists them.
   */
  async checkIn(actor: Actor, id: string, dto: CheckInSessionDto): Promise<SessionDetailDto> {
    assertMayOverride(actor, dto.overrides);
    return this.actions.run(actor, id, SessionAction.CHECK_IN, async (session, manager) => {
      const plan = await this.plans.getPlanSnapshot(actor, session.planId, manager);
      const settings = await this.clinics.settingsOf(session.clinicId, manager);
      const requested = new Date();
      const { at, audit } = occurrenceOf(
        actor,
        session,
        'check_in',
        dto,
        settings,
        null,
        requested,
      );
      const checks = await this.care.check(
        actor,
        manager,
        session,
        'check_in',
        { now: at, minHoursBetweenInfusions: plan.induction.minHoursBetweenInfusions, settings },
        requested,
      );
      const { remaining, applied } = applyOverrides(checks, dto.overrides ?? []);
      if (remaining.length > 0) {
        throw new SessionException(
          SessionExceptionCode.CHECK_IN_REFUSED,
          `Check-in refused by ${remaining.length} check(s)`,
          { failedChecks: remaining },
        );
      }
      Object.assign(session, {
        checkedInAt: at,
        checkedInBy: actor.userId,
        escortConfirmed: dto.escortConfirmed,
        fastingConfirmed: dto.fastingConfirmed,
        gateOverrides: withOverrides(session, actor, applied, at),
      });
      return { fields: Object.keys(dto), ...overridden(applied), ...audit };
    });
  }

  /**
   * Corrects the escort and fasting answers before the start (issue 9 point 7): each change is
   * kept with its old and new value, reason, author and time, and audited (field names only).
   */
  async correctCheckIn(
    actor: Actor,
    id: string,
    dto: CorrectCheckInDto,
  ): Promise<SessionDetailDto> {
    const fields = (['escortConfirmed', 'fastingConfirmed'] as const).filter(
      (f) => dto[f] !== undefined,
    );
    if (fields.length === 0) {
      throw new SessionException(
        SessionExceptionCode.CORRECTION_EMPTY,
        'Say which check-in answer is corrected (escortConfirmed, fastingConfirmed)',
        {
          errors: [
            { field: 'escortConfirmed', message: 'give escortConfirmed or fastingConfirmed' },
          ],
        },
      );
    }
    return this.actions.run(actor, id, SessionAction.CORRECT_CHECK_IN, async (session) => {
      const at = new Date().toISOString();
      const changed = fields.filter((f) => session[f] !== dto[f]);
      session.checkInCorrections = [
        ...session.checkInCorrections,
        ...changed.map((field) => ({
          field,
          from: session[field],
          to: dto[field] as boolean,
          reason: dto.reason,
          by: actor.userId,
          at,
        })),
      ];
      changed.forEach((field) => (session[field] = dto[field] as boolean));
      return Promise.resolve({ fields: changed });
    });
  }

  /**
   * Runs the pre-infusion gate (422 listing every failed check), computes the dose, draws it from
   * the lot and starts the infusion, all in one transaction.
   */
  async start(actor: Actor, id: string, dto: StartSessionDto): Promise<SessionDetailDto> {
    assertMayOverride(actor, dto.overrides);
    return this.actions.run(actor, id, SessionAction.START, async (session, manager) => {
      const plan = await this.plans.getPlanSnapshot(actor, session.planId, manager);
      const settings = await this.clinics.settingsOf(session.clinicId, manager);
      // Every check below is judged at the stated time of a late entry (issue 9 point 6), the
      // chair, the patient and the nurse over the time from then to now.
      const requested = new Date();
      const at = session.checkedInAt;
      const {
        at: now,
        late,
        audit,
      } = occurrenceOf(actor, session, 'start', dto, settings, at, requested);
      if (late) {
        assertNoReadingAfter('start', now, await this.sessions.lastReadingAt(manager, id));
      }
      const care = await this.care.check(
        actor,
        manager,
        session,
        'start',
        { now, minHoursBetweenInfusions: plan.induction.minHoursBetweenInfusions, settings },
        requested,
      );
      const { failures, dose } = await this.gate.evaluate(
        actor,
        manager,
        session,
        plan,
        settings,
        now,
      );
      const draw: GateCheckResult[] =
        dose && dto.drawnMg !== undefined
          ? drawFailures(dto.drawnMg, dose.totalDoseMg, settings)
          : [];
      const rate = dose
        ? (dto.rateMgPerHour ??
          Math.round((dose.totalDoseMg / plan.protocol.infusionMinutes) * 60 * 100) / 100)
        : null;
      const pump = dose && rate !== null ? rateFailures(rate, dose.weightKg, settings) : [];
      const all = [...care, ...failures, ...draw, ...pump];
      const { remaining, applied } = applyOverrides(all, dto.overrides ?? []);
      if (remaining.length > 0 || !dose) {
        throw new SessionException(
          SessionExceptionCode.PRE_INFUSION_GATE_FAILED,
          `The pre-infusion gate failed ${remaining.length} check(s)`,
          { failedChecks: remaining },
        );
      }
      const drawnMg = dto.drawnMg ?? dose.totalDoseMg;
      await this.lots.drawForSession(manager, actor, session.clinicId, dto.lotId, id, drawnMg);
      // A late start's occupied range is written whole at discharge or transfer, and judged then.
      if (!late) {
        await this.sessions.occupyFrom(manager, id, now);
      }
      Object.assign(session, {
        startedAt: now,
        startedBy: actor.userId,
        gateOverrides: withOverrides(session, actor, applied, now),
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
        lateEntryReason: late ? (dto.lateEntryReason ?? null) : null,
      });
      // Audit details carry field names and check codes, never clinical values.
      return { fields: Object.keys(dto), ...overridden(applied), ...audit };
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
      // §2.3: after a stop-threshold reading only a pause is allowed until a clinician decides.
      if (session.stopHoldId && dto.kind !== 'pause') {
        throw SessionException.stopDecisionPending(session.stopHoldId);
      }
      const events = await this.sessions.infusionEventsOf(id, manager);
      const settings = await this.clinics.settingsOf(session.clinicId, manager);
      const last = events[events.length - 1]?.occurredAt ?? session.startedAt;
      const { at, late, audit } = occurrenceOf(
        actor,
        session,
        dto.kind,
        dto,
        settings,
        last,
        new Date(),
      );
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
      }
      await this.sessions.save(manager, session);
      await this.sessions.addInfusionEvent(manager, {
        clinicId: session.clinicId,
        sessionId: id,
        kind: dto.kind,
        rateMgPerHour: dto.rateMgPerHour ?? null,
        reason: dto.reason ?? null,
        recordedBy: actor.userId,
        occurredAt: at,
        lateEntryReason: late ? (dto.lateEntryReason ?? null) : null,
      });
      await this.actions.record(actor, manager, session, dto.kind, audit);
      return this.reader.detail(actor, session, manager);
    });
  }

  /**
   * Ends the infusion (see stopInfusion). Less than the planned dose is an early stop; so is a
   * delivery that was implausibly fast or short (issue 9 point 3), which is refused unless recorded
   * as one. After a stop-threshold reading only an early stop may end it before the decision.
   */
  async end(actor: Actor, id: string, dto: EndInfusionDto): Promise<SessionDetailDto> {
    return this.actions.run(actor, id, SessionAction.END, async (session, manager) => {
      const settings = await this.clinics.settingsOf(session.clinicId, manager);
      const events = await this.sessions.infusionEventsOf(id, manager);
      const last = events[events.length - 1]?.occurredAt ?? session.startedAt;
      const {
        at: now,
        late,
        audit,
      } = occurrenceOf(actor, session, 'end', dto, settings, last, new Date());
      if (late) {
        assertNoReadingAfter('end', now, await this.sessions.lastReadingAt(manager, id));
      }
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
      // After a stop-threshold reading only a stop short of the dose is the nurse's call; the full
      // dose waits for the clinician's decision, whatever stoppedEarly says (§2.3).
      const fullDose =
        session.plannedDoseMg !== null &&
        !belowPlannedDose(dto.administeredMg, session.plannedDoseMg);
      if (session.stopHoldId && fullDose) {
        throw SessionException.stopDecisionPending(session.stopHoldId);
      }
      if (!stoppedEarly) {
        this.stopper.assertPlausibleDelivery(session, dto.administeredMg, now, {
          settings,
          events,
        });
      }
      const closesHold = session.stopHoldId !== null;
      await this.stopper.stop(
        actor,
        manager,
        session,
        {
          administeredMg: dto.administeredMg,
          wasteWitnessId: dto.wasteWitnessId,
          stoppedEarly,
          stopReason: dto.stopReason ?? null,
          lateEntryReason: late ? (dto.lateEntryReason ?? null) : null,
        },
        now,
      );
      await this.sessions.shrinkBookingAtEnd(manager, id, now);
      return {
        fields: Object.keys(dto),
        ...(closesHold ? { stopThresholdHold: 'stopped' } : {}),
        ...audit,
      };
    });
  }

  /**
   * A clinician's decision after a stop-threshold reading (§2.3): `stop` ends the infusion as an
   * early stop (administeredMg as at end), `resume` lets it continue; both need a reason, recorded
   * on the hold with the reading that raised it.
   */
  async decideStopThreshold(
    actor: Actor,
    id: string,
    dto: StopThresholdDecisionDto,
  ): Promise<SessionDetailDto> {
    if (dto.decision === 'resume') {
      return this.tx.run(async (manager) => {
        const session = await this.reader.getOrFail(actor, id, manager);
        if (session.signedAt) {
          throw SessionException.signed();
        }
        await this.stopper.closeHold(manager, actor, session, 'resumed', dto.reason);
        await this.sessions.save(manager, session);
        await this.actions.record(actor, manager, session, 'stop_threshold_decision', {
          decision: dto.decision,
        });
        return this.reader.detail(actor, session, manager);
      });
    }
    const given = dto.administeredMg;
    if (given === undefined) {
      throw new SessionException(
        SessionExceptionCode.ADMINISTERED_AMOUNT_REQUIRED,
        'Stopping the infusion: say how much was given before it was stopped',
        { errors: [{ field: 'administeredMg', message: 'administeredMg is required to stop' }] },
      );
    }
    return this.actions.run(
      actor,
      id,
      SessionAction.END,
      async (session, manager) => {
        const now = new Date();
        if (!session.stopHoldId) {
          throw noOpenHold();
        }
        await this.stopper.stop(
          actor,
          manager,
          session,
          {
            administeredMg: given,
            wasteWitnessId: dto.wasteWitnessId,
            stoppedEarly: true,
            stopReason: dto.reason,
          },
          now,
        );
        await this.sessions.shrinkBookingAtEnd(manager, id, now);
        return { decision: dto.decision, fields: Object.keys(dto) };
      },
      'stop_threshold_decision',
    );
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
    return this.actions.run(actor, id, SessionAction.TRANSFER, async (session, manager) => {
      const now = new Date();
      // The nurse before the lot (as a start takes them): releasing a late start's range takes the
      // nurse lock in the trigger, after the ledger writes of the stop below.
      await this.sessions.lockNurse(manager, session.nurseId);
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
        await this.stopper.stop(
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
      await this.stopper.assertLateRangeFree(manager, session, now);
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
        actor,
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
}
