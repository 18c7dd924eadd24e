import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { ClinicsService } from 'src/clinics/clinics.service';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { ControlledSubstanceLotsService } from 'src/sessions/controlled-substance-lots.service';
import { averageRateMgPerKgPerHour, infusedMinutes } from 'src/sessions/delivery.rules';
import { monitoringGaps } from 'src/sessions/monitoring.rules';
import { mapStopHold, vitalsAlerts } from 'src/sessions/session-safety.dto';
import { mapInfusionEvent } from 'src/sessions/session-infusion.dto';
import { mapAddendum, mapAdverseEvent, mapGap, mapVitals } from 'src/sessions/session-records.dto';
import {
  mapScheduleChange,
  mapSession,
  SessionDetailDto,
  SessionQueryDto,
  SessionRef,
  SessionResponseDto,
  viewFor,
} from 'src/sessions/session.dto';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionException } from 'src/sessions/session.exception';
import {
  SESSION_RESOURCE,
  SessionReadsRepository,
  SessionRecord,
} from 'src/sessions/session-reads.repository';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { scopeFor } from 'src/clinics/clinic-scope';

export { SESSION_RESOURCE };

/** Two decimals; a dose given in no time has no finite rate (shown as null). */
const roundRate = (r: number) => (Number.isFinite(r) ? Math.round(r * 100) / 100 : null);

/** Reading sessions, and the contract other modules use (getSessionRef). */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly reads: SessionReadsRepository,
    private readonly clinics: ClinicsService,
    private readonly lots: ControlledSubstanceLotsService,
  ) {}

  /** For other modules: the session's identity and state; 404 outside the actor's clinics. */
  async getSessionRef(
    actor: Actor,
    sessionId: string,
    manager?: EntityManager,
  ): Promise<SessionRef> {
    const s = await this.getOrFail(actor, sessionId, manager);
    return {
      id: s.id,
      clinicId: s.clinicId,
      patientId: s.patientId,
      planId: s.planId,
      status: s.status,
      dischargedAt: s.dischargedAt,
    };
  }

  /** The session if the actor may see it, else 404; with a manager the row is locked. */
  async getOrFail(
    actor: Actor,
    id: string,
    manager?: EntityManager,
  ): Promise<InfusionSessionEntity> {
    const s = await this.sessions.findInScope(id, actor.clinicIds, manager, manager !== undefined);
    if (!s) {
      throw SessionException.sessionNotFound();
    }
    return s;
  }

  /** Two round trips: the actor (fresh, in the guard) and one statement that reads and audits. */
  async get(actor: Actor, id: string): Promise<SessionDetailDto> {
    const record = await this.reads.recordAudited(id, actor);
    if (!record) {
      throw SessionException.sessionNotFound();
    }
    return this.compose(actor, record);
  }

  async list(actor: Actor, query: SessionQueryDto): Promise<Page<SessionResponseDto>> {
    const rows = await this.reads.searchAudited(
      {
        scope: scopeFor(actor, query.clinicId),
        patientId: query.patientId,
        planId: query.planId,
        chairId: query.chairId,
        nurseId: query.nurseId,
        status: query.status,
        from: query.from,
        to: query.to,
        cosignPending: query.cosignPending,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      actor,
    );
    return toPage(
      rows,
      query.limit,
      (s) => viewFor(actor.role, mapSession(s)),
      (s) => [s.scheduledStart.toISOString(), s.id],
    );
  }

  /** The whole record, after a change (inside its transaction when a manager is given). */
  async detail(
    actor: Actor,
    session: InfusionSessionEntity,
    manager?: EntityManager,
  ): Promise<SessionDetailDto> {
    const [
      vitals,
      adverseEvents,
      infusionEvents,
      scheduleChanges,
      addenda,
      ledgerEntries,
      settings,
      stopHolds,
    ] = await Promise.all([
      this.sessions.vitalsOf(session.id, manager),
      this.sessions.adverseEventsOf(session.id, manager),
      this.sessions.infusionEventsOf(session.id, manager),
      this.sessions.scheduleChangesOf(session.id, manager),
      this.sessions.addendaOf(session.id, manager),
      this.lots.entriesOfSession(session.id, manager),
      this.clinics.settingsOf(session.clinicId, manager),
      this.sessions.stopHoldsOf(session.id, manager),
    ]);
    return this.compose(actor, {
      session,
      vitals,
      adverseEvents,
      infusionEvents,
      scheduleChanges,
      addenda,
      ledgerEntries,
      stopHolds,
      settings,
    });
  }

  /** Vitals with flags, adverse events, infusion events, gaps, history: as the role may see it. */
  private compose(actor: Actor, record: SessionRecord): SessionDetailDto {
    const { session: s, vitals, settings } = record;
    const now = new Date();
    const infused = s.startedAt
      ? infusedMinutes(s.startedAt, s.infusionEndedAt ?? now, record.infusionEvents)
      : null;
    const givenMg = s.administeredMg;
    const gaps = monitoringGaps({
      now,
      infusionStartedAt: s.startedAt,
      infusionEndedAt: s.infusionEndedAt,
      dischargedAt: s.dischargedAt ?? s.transferredAt ?? s.cancelledAt,
      readingTimes: vitals.map((v) => v.takenAt),
      monitoringIntervalMinutes: settings.monitoringIntervalMinutes,
      recoveryMonitoringIntervalMinutes: settings.recoveryMonitoringIntervalMinutes,
    });
    return viewFor(actor.role, {
      ...mapSession(s),
      vitals: vitals.map(mapVitals),
      adverseEvents: record.adverseEvents.map(mapAdverseEvent),
      infusionEvents: record.infusionEvents.map(mapInfusionEvent),
      monitoringGaps: gaps.map(mapGap),
      scheduleChanges: record.scheduleChanges.map(mapScheduleChange),
      controlledSubstance: record.ledgerEntries.map((e) => ({
        lotId: e.lotId,
        kind: e.kind,
        quantityMg: e.quantityMg,
        actorId: e.actorId,
        witnessId: e.witnessId,
        occurredAt: e.occurredAt.toISOString(),
      })),
      addenda: record.addenda.map(mapAddendum),
      vitalsAlerts: vitalsAlerts(vitals, s.startedAt),
      stopThresholdHolds: record.stopHolds.map(mapStopHold),
      infusedMinutes: infused === null ? null : Math.round(infused * 10) / 10,
      averageRateMgPerKgPerHour:
        infused === null || givenMg === null || s.weightKg === null
          ? null
          : roundRate(averageRateMgPerKgPerHour(givenMg, s.weightKg, infused)),
    });
  }
}
