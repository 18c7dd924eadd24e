import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { ControlledSubstanceLotsService } from 'src/sessions/controlled-substance-lots.service';
import { ClinicSettings } from 'src/clinics/clinic-settings';
import { deliveryFailures, InfusionEventTime, infusedMinutes } from 'src/sessions/delivery.rules';
import { administeredWithinCeiling } from 'src/sessions/dosing.rules';
import { SessionStatus } from 'src/sessions/session-lifecycle.rules';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { SessionsRepository } from 'src/sessions/sessions.repository';

const micro = (mg: number) => Math.round(mg * 1000);

export function noOpenHold(): SessionException {
  return new SessionException(
    SessionExceptionCode.NO_STOP_DECISION_PENDING,
    'No stop-threshold reading awaits a decision on this session',
  );
}

/**
 * Stopping an infusion, wherever it happens (end, a clinician's stop decision, a transfer): the
 * dose and waste in the lot's ledger, the plausibility of the delivery, and the stop-threshold hold.
 */
@Injectable()
export class InfusionStopService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly lots: ControlledSubstanceLotsService,
  ) {}

  /**
   * Stops the infusion: the amount given (never above the ceiling nor what was drawn) and, for the
   * rest of the draw, a witnessed waste entry in the lot's ledger.
   */
  async stop(
    actor: Actor,
    manager: EntityManager,
    session: InfusionSessionEntity,
    stop: {
      administeredMg: number;
      wasteWitnessId?: string;
      stoppedEarly: boolean;
      stopReason: string | null;
      /** Set when the end is entered late (issue 9 point 6). */
      lateEntryReason?: string | null;
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
    // Stopping is always the safe direction: it closes an open stop-threshold hold as `stopped`.
    await this.closeHold(manager, actor, session, 'stopped', stop.stopReason ?? 'stopped', at);
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
      lateEntryReason: stop.lateEntryReason ?? null,
    });
  }

  /** Faster than the clinic's maximum rate or much shorter than the protocol: not completed. */
  assertPlausibleDelivery(
    session: InfusionSessionEntity,
    administeredMg: number,
    now: Date,
    known: { settings: ClinicSettings; events: InfusionEventTime[] },
  ): void {
    if (!session.startedAt || session.weightKg === null) {
      return;
    }
    const { settings, events } = known;
    const failures = deliveryFailures({
      administeredMg,
      weightKg: session.weightKg,
      infusedMinutes: infusedMinutes(session.startedAt, now, events),
      protocolMinutes: session.infusionMinutes,
      settings,
    });
    if (failures.length > 0) {
      throw new SessionException(
        SessionExceptionCode.INFUSION_DELIVERY_IMPLAUSIBLE,
        'The dose given does not fit the time infused: if the infusion was stopped, record an early stop (stoppedEarly, stopReason)',
        { failedChecks: failures },
      );
    }
  }

  /**
   * Before a late-started session's occupied range is written (at discharge or transfer): 409
   * naming the sessions that held the chair, or the patient, during it (issue 9 points 5 and 6).
   */
  async assertLateRangeFree(manager: EntityManager, session: InfusionSessionEntity, until: Date) {
    const conflicts = await this.sessions.lateOccupancyConflicts(manager, session.id, until);
    if (conflicts.chair.length > 0) {
      throw new SessionException(
        SessionExceptionCode.CHAIR_OCCUPIED,
        'Another patient was in this chair during this session’s stated time',
        { conflictingSessionIds: conflicts.chair },
      );
    }
    if (conflicts.patient.length > 0) {
      throw new SessionException(
        SessionExceptionCode.PATIENT_IN_ANOTHER_SESSION,
        'The patient was in another session during this session’s stated time',
        { conflictingSessionIds: conflicts.patient },
      );
    }
  }

  /** Records the decision on the open hold (409 when a `resumed` decision finds none). */
  async closeHold(
    manager: EntityManager,
    actor: Actor,
    session: InfusionSessionEntity,
    decision: 'stopped' | 'resumed',
    reason: string,
    at: Date = new Date(),
  ): Promise<void> {
    if (
      !session.stopHoldId ||
      (decision === 'resumed' && session.status !== SessionStatus.IN_PROGRESS)
    ) {
      if (decision === 'resumed') {
        throw noOpenHold();
      }
      return;
    }
    const hold = await this.sessions.findStopHold(manager, session.stopHoldId);
    if (hold) {
      Object.assign(hold, { decision, reason, decidedBy: actor.userId, decidedAt: at });
      await this.sessions.saveStopHold(manager, hold);
    }
    session.stopHoldId = null;
  }
}
