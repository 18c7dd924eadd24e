import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { ClinicSettings } from 'src/clinics/clinic-settings';
import { ClinicsService } from 'src/clinics/clinics.service';
import {
  DischargeFailure,
  evaluateDischarge,
  latestObservations,
  SedationReading,
} from 'src/sessions/discharge.rules';
import { InfusionStopService } from 'src/sessions/infusion-stop.service';
import { assertNoReadingAfter, occurrenceOf, SessionActions } from 'src/sessions/session-actions';
import { SessionHooks } from 'src/sessions/session-hooks';
import { SessionAction, SessionStatus } from 'src/sessions/session-lifecycle.rules';
import { DischargeSessionDto } from 'src/sessions/session-infusion.dto';
import { SessionDetailDto } from 'src/sessions/session.dto';
import { InfusionSessionEntity, SessionVitalsEntity } from 'src/sessions/session.entity';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { latestReadingAt } from 'src/sessions/vitals.rules';
import { TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

const HOUR = 3_600_000;

/** The latest sedation score taken before the infusion started, the patient's baseline. */
function baselineSedation(
  vitals: SessionVitalsEntity[],
  startedAt: Date | null,
): SedationReading | null {
  const pre = vitals.filter(
    (v) => startedAt !== null && v.takenAt < startedAt && v.sedationScore !== null,
  );
  const last = pre[pre.length - 1];
  return last
    ? { scale: last.sedationScale ?? 'moaas', score: last.sedationScore as number }
    : null;
}

/**
 * Discharge from what was observed (issue 9 point 4, ../shared/domain/ketamine-clinic.md §4.1),
 * ending with a clinician's sign-off: with the clinic's dischargeCosignWindowHours at 0 (the
 * default) a nurse prepares the discharge and a clinician discharges; above 0 a nurse may
 * discharge and a clinician co-signs within that many hours.
 */
@Injectable()
export class SessionsDischargeService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clinics: ClinicsService,
    private readonly plans: TreatmentPlansService,
    private readonly hooks: SessionHooks,
    private readonly stopper: InfusionStopService,
    private readonly actions: SessionActions,
  ) {}

  /** A nurse (or clinician) records that the criteria are met now; the status stays recovery. */
  async prepare(actor: Actor, id: string, dto: DischargeSessionDto): Promise<SessionDetailDto> {
    return this.actions.run(actor, id, SessionAction.PREPARE_DISCHARGE, async (session, m) => {
      const settings = await this.clinics.settingsOf(session.clinicId, m);
      const { at, audit } = occurrenceOf(
        actor,
        session,
        'prepare_discharge',
        dto,
        settings,
        session.infusionEndedAt,
        new Date(),
      );
      const answers = this.answers(session, dto);
      await this.assertCriteria(m, session, answers, at, settings);
      Object.assign(session, {
        ...answers,
        dischargePreparedAt: at,
        dischargePreparedBy: actor.userId,
      });
      return { fields: Object.keys(dto), ...audit };
    });
  }

  /**
   * 422 listing every unmet criterion, judged now whoever prepared it. The plan's progress and the
   * registered onDischarged handlers run in the same transaction.
   */
  async discharge(actor: Actor, id: string, dto: DischargeSessionDto): Promise<SessionDetailDto> {
    return this.actions.run(actor, id, SessionAction.DISCHARGE, async (session, manager) => {
      const settings = await this.clinics.settingsOf(session.clinicId, manager);
      // One clock reading: a timely discharge's co-signature window starts exactly at it.
      const enteredAt = new Date();
      // A late discharge is judged at its stated time: the recovery time, the vitals then.
      const {
        at: now,
        late,
        audit,
      } = occurrenceOf(
        actor,
        session,
        'discharge',
        dto,
        settings,
        session.infusionEndedAt,
        enteredAt,
      );
      if (late) {
        assertNoReadingAfter('discharge', now, await this.sessions.lastReadingAt(manager, id));
      }
      // The co-signature window runs from when the discharge is entered (a late one included).
      const cosignDueAt = this.cosignDueAt(actor, settings, enteredAt);
      const answers = this.answers(session, dto);
      await this.assertCriteria(manager, session, answers, now, settings);
      Object.assign(session, {
        ...answers,
        status: SessionStatus.DISCHARGED,
        dischargedAt: now,
        dischargedBy: actor.userId,
        dischargeCosignDueAt: cosignDueAt,
      });
      // Saved before the hooks so that handlers (and getSessionRef with their manager) see it.
      await this.sessions.save(manager, session);
      await this.stopper.assertLateRangeFree(manager, session, now);
      await this.sessions.releaseBookingAt(manager, id, now);
      await this.plans.recordInfusionCompleted(manager, session.planId, {
        sessionId: id,
        completedAt: now,
      });
      await this.hooks.runDischarged(manager, {
        actor,
        sessionId: id,
        clinicId: session.clinicId,
        patientId: session.patientId,
        planId: session.planId,
        dischargedAt: now,
        departure: 'discharged',
      });
      return {
        fields: Object.keys(dto),
        ...(cosignDueAt ? { cosignRequired: true } : {}),
        ...audit,
      };
    });
  }

  /** A clinician co-signs a nurse's discharge; a late co-signature is kept, and shows as late. */
  async cosign(actor: Actor, id: string): Promise<SessionDetailDto> {
    return this.actions.run(actor, id, SessionAction.COSIGN_DISCHARGE, async (session) => {
      if (!session.dischargeCosignDueAt || session.dischargeCosignedAt) {
        throw new SessionException(
          SessionExceptionCode.NOTHING_TO_COSIGN,
          'This discharge does not await a co-signature',
        );
      }
      const now = new Date();
      Object.assign(session, { dischargeCosignedAt: now, dischargeCosignedBy: actor.userId });
      return Promise.resolve({ late: now.getTime() > session.dischargeCosignDueAt.getTime() });
    });
  }

  /** A clinician discharges; a nurse only under a co-signature policy, which sets the due time. */
  private cosignDueAt(actor: Actor, settings: ClinicSettings, now: Date): Date | null {
    if (actor.role === StaffRole.CLINICIAN) {
      return null;
    }
    if (settings.dischargeCosignWindowHours === 0) {
      throw new SessionException(
        SessionExceptionCode.DISCHARGE_NEEDS_CLINICIAN,
        'The clinic requires a clinician to discharge (§4.1 sign-off): prepare the discharge (POST /sessions/{id}/prepare-discharge) and ask a clinician to confirm it',
      );
    }
    return new Date(now.getTime() + settings.dischargeCosignWindowHours * HOUR);
  }

  /** The answers given now, else those of the prepared discharge (400 when neither has them). */
  private answers(
    session: InfusionSessionEntity,
    dto: DischargeSessionDto,
  ): { orientationConfirmed: boolean; escortPresent: boolean } {
    const prepared = session.dischargePreparedAt !== null;
    const orientationConfirmed =
      dto.orientationConfirmed ?? (prepared ? session.orientationConfirmed : undefined);
    const escortPresent = dto.escortPresent ?? (prepared ? session.escortPresent : undefined);
    const missing = [
      ...(orientationConfirmed === undefined ? ['orientationConfirmed'] : []),
      ...(escortPresent === undefined ? ['escortPresent'] : []),
    ];
    if (orientationConfirmed === undefined || escortPresent === undefined) {
      throw new SessionException(
        SessionExceptionCode.DISCHARGE_ANSWERS_REQUIRED,
        'Say whether the patient is oriented and the escort present, or prepare the discharge first',
        { errors: missing.map((field) => ({ field, message: `${field} is required` })) },
      );
    }
    return { orientationConfirmed, escortPresent };
  }

  private async assertCriteria(
    manager: EntityManager,
    session: InfusionSessionEntity,
    answers: { orientationConfirmed: boolean; escortPresent: boolean },
    now: Date,
    known?: ClinicSettings,
  ): Promise<void> {
    const settings = known ?? (await this.clinics.settingsOf(session.clinicId, manager));
    const endedAt = session.infusionEndedAt;
    const vitals = await this.sessions.vitalsOf(session.id, manager);
    const since = endedAt
      ? vitals.filter((v) => v.takenAt >= endedAt && v.takenAt.getTime() <= now.getTime())
      : [];
    const failures: DischargeFailure[] = evaluateDischarge({
      now,
      infusionEndedAt: endedAt,
      dischargeVitals: endedAt ? latestReadingAt(vitals, now, endedAt) : null,
      observed: latestObservations(since),
      baselineSedation: baselineSedation(vitals, session.startedAt),
      ...answers,
      settings,
    });
    if (failures.length > 0) {
      throw new SessionException(
        SessionExceptionCode.DISCHARGE_CRITERIA_NOT_MET,
        `Discharge criteria not met (${failures.length})`,
        { failedChecks: failures },
      );
    }
  }
}
