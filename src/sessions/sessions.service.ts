import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { ControlledSubstanceLotsService } from 'src/sessions/controlled-substance-lots.service';
import { averageRateMgPerKgPerHour, infusedMinutes } from 'src/sessions/delivery.rules';
import { monitoringGaps } from 'src/sessions/monitoring.rules';
import { mapStopHold, vitalsAlerts } from 'src/sessions/session-safety.dto';
import {
  mapAddendum,
  mapAdverseEvent,
  mapGap,
  mapInfusionEvent,
  mapScheduleChange,
  mapSession,
  mapVitals,
  SessionDetailDto,
  SessionQueryDto,
  SessionRef,
  SessionResponseDto,
  viewFor,
} from 'src/sessions/session.dto';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionException } from 'src/sessions/session.exception';
import { SessionsRepository } from 'src/sessions/sessions.repository';

export const SESSION_RESOURCE = 'InfusionSession';

/** Two decimals; a dose given in no time has no finite rate (shown as null). */
const roundRate = (r: number) => (Number.isFinite(r) ? Math.round(r * 100) / 100 : null);

/** Reading sessions, and the contract other modules use (getSessionRef). */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clinics: ClinicsService,
    private readonly lots: ControlledSubstanceLotsService,
    private readonly audit: AuditService,
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

  async get(actor: Actor, id: string): Promise<SessionDetailDto> {
    const s = await this.getOrFail(actor, id);
    await this.audit.record(actor, {
      action: AuditAction.READ,
      resourceType: SESSION_RESOURCE,
      resourceId: s.id,
      clinicId: s.clinicId,
    });
    return this.detail(actor, s);
  }

  async list(actor: Actor, query: SessionQueryDto): Promise<Page<SessionResponseDto>> {
    if (query.clinicId) {
      this.clinics.assertMember(actor, query.clinicId);
    }
    const rows = await this.sessions.search({
      scope: query.clinicId ? [query.clinicId] : actor.clinicIds,
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
    });
    const page = toPage(
      rows,
      query.limit,
      (s) => viewFor(actor.role, mapSession(s)),
      (s) => [s.scheduledStart.toISOString(), s.id],
    );
    const byClinic = new Map<string, string[]>();
    rows.slice(0, query.limit).forEach((s) => {
      byClinic.set(s.clinicId, [...(byClinic.get(s.clinicId) ?? []), s.id]);
    });
    for (const [clinicId, ids] of byClinic) {
      await this.audit.record(actor, {
        action: AuditAction.LIST,
        resourceType: SESSION_RESOURCE,
        resourceIds: ids,
        clinicId,
      });
    }
    return page;
  }

  /** The whole record: vitals with flags, adverse events, infusion events, gaps, history. */
  async detail(
    actor: Actor,
    s: InfusionSessionEntity,
    manager?: EntityManager,
  ): Promise<SessionDetailDto> {
    const [vitals, adverse, events, changes, addenda, ledger, settings, holds] = await Promise.all([
      this.sessions.vitalsOf(s.id, manager),
      this.sessions.adverseEventsOf(s.id, manager),
      this.sessions.infusionEventsOf(s.id, manager),
      this.sessions.scheduleChangesOf(s.id, manager),
      this.sessions.addendaOf(s.id, manager),
      this.lots.entriesOfSession(s.id, manager),
      this.clinics.settingsOf(s.clinicId, manager),
      this.sessions.stopHoldsOf(s.id, manager),
    ]);
    const now = new Date();
    const infused = s.startedAt
      ? infusedMinutes(s.startedAt, s.infusionEndedAt ?? now, events)
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
      adverseEvents: adverse.map(mapAdverseEvent),
      infusionEvents: events.map(mapInfusionEvent),
      monitoringGaps: gaps.map(mapGap),
      scheduleChanges: changes.map(mapScheduleChange),
      controlledSubstance: ledger.map((e) => ({
        lotId: e.lotId,
        kind: e.kind,
        quantityMg: e.quantityMg,
        actorId: e.actorId,
        witnessId: e.witnessId,
        occurredAt: e.occurredAt.toISOString(),
      })),
      addenda: addenda.map(mapAddendum),
      vitalsAlerts: vitalsAlerts(vitals, s.startedAt),
      stopThresholdHolds: holds.map(mapStopHold),
      infusedMinutes: infused === null ? null : Math.round(infused * 10) / 10,
      averageRateMgPerKgPerHour:
        infused === null || givenMg === null || s.weightKg === null
          ? null
          : roundRate(averageRateMgPerKgPerHour(givenMg, s.weightKg, infused)),
    });
  }
}
