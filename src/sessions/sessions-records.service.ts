import { Injectable } from '@nestjs/common';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { TransactionService } from 'src/database/transaction.service';
import { SessionStatus, SIGNABLE_STATUSES } from 'src/sessions/session-lifecycle.rules';
import {
  AddendumResponseDto,
  AdverseEventResponseDto,
  CreateAddendumDto,
  CreateAdverseEventDto,
  CreateVitalsDto,
  mapAddendum,
  mapAdverseEvent,
  mapVitals,
  VitalsResponseDto,
} from 'src/sessions/session-records.dto';
import { SessionDetailDto, UpdateSessionDto } from 'src/sessions/session.dto';
import { SessionReadsRepository } from 'src/sessions/session-reads.repository';
import { SessionPart } from 'src/sessions/session-records.sql';
import {
  AdverseEventEntity,
  AdverseEventSeverity,
  InfusionSessionEntity,
  SessionAddendumEntity,
  SessionVitalsEntity,
} from 'src/sessions/session.entity';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { occurrenceOf } from 'src/sessions/session-actions';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { SESSION_RESOURCE, SessionsService } from 'src/sessions/sessions.service';
import { flagVitals } from 'src/sessions/vitals.rules';
import { TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

const VITALS_PHASE: Partial<Record<SessionStatus, 'pre' | 'infusion' | 'recovery'>> = {
  [SessionStatus.SCHEDULED]: 'pre',
  [SessionStatus.CHECKED_IN]: 'pre',
  [SessionStatus.IN_PROGRESS]: 'infusion',
  [SessionStatus.RECOVERY]: 'recovery',
};
const ADVERSE_EVENT_STATUSES: SessionStatus[] = [
  SessionStatus.CHECKED_IN,
  SessionStatus.IN_PROGRESS,
  SessionStatus.RECOVERY,
  SessionStatus.DISCHARGED,
  SessionStatus.TRANSFERRED,
];

/** The phase of a reading by its time against the session's start and end (else its status's). */
function phaseAt(
  session: InfusionSessionEntity,
  takenAt: Date,
  statusPhase: 'pre' | 'infusion' | 'recovery',
): 'pre' | 'infusion' | 'recovery' {
  if (!session.startedAt || takenAt < session.startedAt) {
    return 'pre';
  }
  if (session.infusionEndedAt && takenAt >= session.infusionEndedAt) {
    return 'recovery';
  }
  return statusPhase === 'pre' ? 'pre' : 'infusion';
}

/** §3.1: MOAA/S 0–5, RASS −5 to +4; the scale defaults to MOAA/S when a score is given. */
function assertSedationInScale(dto: CreateVitalsDto): 'moaas' | 'rass' | null {
  if (dto.sedationScore === undefined) {
    return dto.sedationScale ?? null;
  }
  const scale = dto.sedationScale ?? 'moaas';
  const [min, max] = scale === 'moaas' ? [0, 5] : [-5, 4];
  if (dto.sedationScore < min || dto.sedationScore > max) {
    throw new SessionException(
      SessionExceptionCode.SEDATION_SCORE_OUT_OF_SCALE,
      `A ${scale === 'moaas' ? 'MOAA/S' : 'RASS'} score is between ${min} and ${max}`,
      { errors: [{ field: 'sedationScore', message: `must be ${min} to ${max} on ${scale}` }] },
    );
  }
  return scale;
}

/** What is recorded during and after a session: vitals, adverse events, notes, signature, addenda. */
@Injectable()
export class SessionsRecordsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly reads: SessionReadsRepository,
    private readonly reader: SessionsService,
    private readonly plans: TreatmentPlansService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** Readings are flagged against the clinic's thresholds: pre-dose holds before, alert/stop after. */
  async addVitals(actor: Actor, id: string, dto: CreateVitalsDto): Promise<VitalsResponseDto> {
    return this.tx.run(async (manager) => {
      // The locked session and its clinic's settings in one round trip (the floor runs it too).
      const locked = await this.sessions.lockForRecord(manager, id, actor.clinicIds);
      if (!locked) {
        throw SessionException.sessionNotFound();
      }
      const { session, settings } = locked;
      if (session.signedAt) {
        throw SessionException.signed();
      }
      const statusPhase = VITALS_PHASE[session.status];
      if (!statusPhase) {
        throw new SessionException(
          SessionExceptionCode.SESSION_CLOSED,
          `Vitals cannot be recorded on a session that is ${session.status.replace('_', ' ')}`,
        );
      }
      const sedationScale = assertSedationInScale(dto);
      // A reading charted late (issue 9 point 6) needs its reason; its phase is its time's.
      const { at, late, audit } = occurrenceOf(
        actor,
        null,
        'vitals',
        { occurredAt: dto.takenAt, lateEntryReason: dto.lateEntryReason },
        settings,
        null,
        new Date(),
      );
      // As stated: a reading dated a little ahead (clock skew) is kept so, and counts once due.
      const takenAt = dto.takenAt ? new Date(dto.takenAt) : at;
      const phase = phaseAt(session, takenAt, statusPhase);
      const flags = flagVitals(dto, phase === 'pre' ? 'pre' : 'intra', settings);
      const stops = flags.filter((f) => f.level === 'stop').map((f) => f.code);
      const holds =
        phase === 'infusion' &&
        session.status === SessionStatus.IN_PROGRESS &&
        stops.length > 0 &&
        !session.stopHoldId;
      const vitals = await this.sessions.addVitals(
        manager,
        {
          clinicId: session.clinicId,
          sessionId: id,
          phase,
          takenAt,
          lateEntryReason: late ? (dto.lateEntryReason ?? null) : null,
          systolic: dto.systolic,
          diastolic: dto.diastolic,
          heartRate: dto.heartRate,
          spo2: dto.spo2,
          respiratoryRate: dto.respiratoryRate ?? null,
          sedationScore: dto.sedationScore ?? null,
          sedationScale,
          oriented: dto.oriented ?? null,
          dissociationObserved: dto.dissociationObserved ?? null,
          observation: dto.observation ?? null,
          flags,
          recordedBy: actor.userId,
        },
        {
          actor,
          action: AuditAction.CREATE,
          actionName: 'vitals',
          resourceType: SESSION_RESOURCE,
          resourceId: session.id,
          clinicId: session.clinicId,
          details: {
            fields: Object.keys(dto),
            ...(holds ? { stopThresholdHold: stops } : {}),
            ...audit,
          },
        },
      );
      if (holds) {
        // §2.3: the infusion now needs a clinician's decision (stop, or resume with a reason).
        const hold = await this.sessions.addStopHold(manager, {
          clinicId: session.clinicId,
          sessionId: id,
          vitalsId: vitals.id,
          codes: stops,
          raisedAt: vitals.takenAt,
        });
        session.stopHoldId = hold.id;
        await this.sessions.save(manager, session);
      }
      return mapVitals(vitals);
    });
  }

  async listVitals(
    actor: Actor,
    id: string,
    query: PageQueryDto,
  ): Promise<Page<VitalsResponseDto>> {
    const rows = await this.partPage(SessionVitalsEntity, 'vitals', actor, id, query, 'vitals');
    return toPage(rows, query.limit, mapVitals, (v) => [v.takenAt.toISOString(), v.id]);
  }

  async getVitals(actor: Actor, id: string, vitalsId: string): Promise<VitalsResponseDto> {
    return mapVitals(await this.part(SessionVitalsEntity, 'vitals', actor, id, vitalsId));
  }

  async getAdverseEvent(
    actor: Actor,
    id: string,
    eventId: string,
  ): Promise<AdverseEventResponseDto> {
    return mapAdverseEvent(
      await this.part(AdverseEventEntity, 'adverse_event', actor, id, eventId),
    );
  }

  async getAddendum(actor: Actor, id: string, addendumId: string): Promise<AddendumResponseDto> {
    return mapAddendum(await this.part(SessionAddendumEntity, 'addendum', actor, id, addendumId));
  }

  /** A serious or severe event flags the plan for clinician review (§3.5). */
  async addAdverseEvent(
    actor: Actor,
    id: string,
    dto: CreateAdverseEventDto,
  ): Promise<AdverseEventResponseDto> {
    return this.tx.run(async (manager) => {
      const session = await this.lockedUnsigned(actor, id, manager);
      if (!ADVERSE_EVENT_STATUSES.includes(session.status)) {
        throw new SessionException(
          SessionExceptionCode.SESSION_CLOSED,
          `Adverse events cannot be recorded on a session that is ${session.status.replace('_', ' ')}`,
        );
      }
      const event = await this.sessions.addAdverseEvent(manager, {
        clinicId: session.clinicId,
        sessionId: id,
        type: dto.type,
        description: dto.description ?? null,
        severity: dto.severity,
        serious: dto.serious ?? false,
        onsetAt: new Date(dto.onsetAt),
        infusionAction: dto.infusionAction ?? null,
        intervention: dto.intervention ?? null,
        interventionDrug: dto.interventionDrug ?? null,
        interventionDose: dto.interventionDose ?? null,
        outcome: dto.outcome,
        resolvedAt: dto.resolvedAt ? new Date(dto.resolvedAt) : null,
        recordedBy: actor.userId,
      });
      const flagsPlan = event.serious || event.severity === AdverseEventSeverity.SEVERE;
      if (flagsPlan) {
        await this.plans.flagForReview(manager, session.planId, {
          reason: `${event.serious ? 'Serious' : 'Severe'} adverse event during an infusion (${event.type})`,
          sessionId: id,
        });
      }
      await this.record(actor, manager, AuditAction.CREATE, session, 'adverse_event', {
        fields: Object.keys(dto),
      });
      return mapAdverseEvent(event);
    });
  }

  async listAdverseEvents(
    actor: Actor,
    id: string,
    query: PageQueryDto,
  ): Promise<Page<AdverseEventResponseDto>> {
    const rows = await this.partPage(
      AdverseEventEntity,
      'adverse_event',
      actor,
      id,
      query,
      'adverse_events',
    );
    return toPage(rows, query.limit, mapAdverseEvent, (a) => [a.onsetAt.toISOString(), a.id]);
  }

  /** Editable until signed; then 409 SESSION_SIGNED (corrections are addenda). */
  async update(
    actor: Actor,
    id: string,
    dto: UpdateSessionDto,
    expectedVersion?: number,
  ): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const session = await this.lockedUnsigned(actor, id, manager);
      assertVersion(session, expectedVersion, 'Session');
      if (dto.notes !== undefined) session.notes = dto.notes;
      await this.sessions.save(manager, session);
      await this.record(actor, manager, AuditAction.UPDATE, session, undefined, {
        fields: Object.keys(dto),
      });
      return this.reader.detail(actor, session, manager);
    });
  }

  /** The clinician signs a discharged or transferred session's record, which locks it. */
  async sign(actor: Actor, id: string): Promise<SessionDetailDto> {
    return this.tx.run(async (manager) => {
      const session = await this.lockedUnsigned(actor, id, manager);
      if (!SIGNABLE_STATUSES.includes(session.status)) {
        throw SessionException.illegal(session.status, 'sign');
      }
      // §4.1: a nurse's discharge is co-signed before the record is locked.
      if (session.dischargeCosignDueAt && !session.dischargeCosignedAt) {
        throw new SessionException(
          SessionExceptionCode.DISCHARGE_COSIGN_PENDING,
          'The nurse’s discharge awaits a clinician’s co-signature (POST /sessions/{id}/cosign-discharge) before the record is signed',
        );
      }
      Object.assign(session, { signedAt: new Date(), signedBy: actor.userId });
      await this.sessions.save(manager, session);
      await this.record(actor, manager, AuditAction.ACTION, session, 'sign');
      return this.reader.detail(actor, session, manager);
    });
  }

  async addAddendum(
    actor: Actor,
    id: string,
    dto: CreateAddendumDto,
  ): Promise<AddendumResponseDto> {
    return this.tx.run(async (manager) => {
      const session = await this.reader.getOrFail(actor, id, manager);
      if (!session.signedAt) {
        throw new SessionException(
          SessionExceptionCode.SESSION_NOT_SIGNED,
          'Addenda follow a signed record; before signing, change the record itself',
        );
      }
      const addendum = await this.sessions.addAddendum(manager, {
        clinicId: session.clinicId,
        sessionId: id,
        authorId: actor.userId,
        reason: dto.reason,
        text: dto.text,
      });
      await this.record(actor, manager, AuditAction.CREATE, session, 'addendum');
      return mapAddendum(addendum);
    });
  }

  /** The session in the actor's scope (404 otherwise), then its record (404 when not its own). */
  /** A page of the session's records of one kind, read and audited by one statement. */
  private async partPage<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    part: SessionPart,
    actor: Actor,
    id: string,
    query: PageQueryDto,
    actionName: string,
  ): Promise<T[]> {
    const rows = await this.reads.partPageAudited(
      target,
      part,
      {
        sessionId: id,
        limit: query.limit,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
      },
      { actor, actionName },
    );
    if (!rows) {
      throw SessionException.sessionNotFound();
    }
    return rows;
  }

  /**
   * One record of the session, read and audited by one statement. Only when it is not found is
   * the session looked up again, to tell a foreign or missing session (404 SESSION_NOT_FOUND)
   * from a missing record.
   */
  private async part<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    part: SessionPart,
    actor: Actor,
    id: string,
    recordId: string,
  ): Promise<T> {
    const record = await this.reads.partAudited(target, part, id, recordId, actor);
    if (!record) {
      await this.reader.getOrFail(actor, id);
      throw new SessionException(
        SessionExceptionCode.SESSION_RECORD_NOT_FOUND,
        'The session has no such record',
      );
    }
    return record;
  }

  private async lockedUnsigned(
    actor: Actor,
    id: string,
    manager: EntityManager,
  ): Promise<InfusionSessionEntity> {
    const session = await this.reader.getOrFail(actor, id, manager);
    if (session.signedAt) {
      throw SessionException.signed();
    }
    return session;
  }

  private async record(
    actor: Actor,
    manager: EntityManager | undefined,
    action: AuditAction,
    session: InfusionSessionEntity,
    actionName?: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
      actor,
      {
        action,
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
