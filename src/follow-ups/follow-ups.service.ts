import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import {
  CompleteFollowUpDto,
  CreateFollowUpDto,
  FollowUpPageDto,
  FollowUpQueryDto,
  FollowUpResponseDto,
  mapFollowUp,
  MissFollowUpDto,
  OverdueFollowUpQueryDto,
} from 'src/follow-ups/follow-up.dto';
import { FollowUpEntity } from 'src/follow-ups/follow-up.entity';
import { FollowUpException, FollowUpExceptionCode } from 'src/follow-ups/follow-up.exception';
import {
  automaticDueDates,
  canClose,
  earliestManualDueDate,
  FollowUpOrigin,
  FollowUpStatus,
  localDate,
} from 'src/follow-ups/follow-up.rules';
import { FollowUpsRepository } from 'src/follow-ups/follow-ups.repository';
import { filtersGiven } from 'src/follow-ups/list-audit';
import { PatientsService } from 'src/patients/patients.service';
import { SessionsService } from 'src/sessions/sessions.service';
import { assertSessionOf } from 'src/follow-ups/session-link';
import { scopeFor } from 'src/clinics/clinic-scope';

const RESOURCE = 'FollowUp';

export interface DischargedSession {
  /** Who discharged: the follow-ups are made by the system, caused by their action. */
  actor: Actor;
  sessionId: string;
  clinicId: string;
  patientId: string;
  dischargedAt: Date;
  departure?: 'discharged' | 'transferred';
}

@Injectable()
export class FollowUpsService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly patients: PatientsService,
    private readonly sessions: SessionsService,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateFollowUpDto): Promise<FollowUpResponseDto> {
    return this.tx.run(async (manager) => {
      const patient = await this.patients.getOrFail(actor, dto.patientId, manager);
      FollowUpException.assertNotArchived(patient);
      const today = localDate(new Date(), await this.clinics.timezoneOf(patient.clinicId, manager));
      if (dto.dueDate < earliestManualDueDate(today)) {
        throw FollowUpException.invalid(
          FollowUpExceptionCode.DUE_DATE_IN_PAST,
          'dueDate',
          `dueDate must be ${earliestManualDueDate(today)} (yesterday in the clinic's time zone) or later`,
        );
      }
      if (dto.sessionId) {
        await assertSessionOf(this.sessions, actor, dto.sessionId, patient.id);
      }
      const followUp = await this.followUps.insert(manager, {
        clinicId: patient.clinicId,
        patientId: patient.id,
        sessionId: dto.sessionId ?? null,
        origin: FollowUpOrigin.MANUAL,
        dueDate: dto.dueDate,
        status: FollowUpStatus.DUE,
        notes: dto.notes ?? null,
        createdBy: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: AuditAction.CREATE,
          resourceType: RESOURCE,
          resourceId: followUp.id,
          clinicId: patient.clinicId,
        },
        manager,
      );
      return mapFollowUp(followUp);
    });
  }

  /**
   * Called inside the discharge transaction: one follow-up per day in the clinic's
   * followUpDaysAfterSession policy (default next day and one week). The unique
   * (session_id, due_date) index makes a retried discharge a no-op.
   */
  async createAutomatic(manager: EntityManager, session: DischargedSession): Promise<void> {
    const [settings, timeZone] = await Promise.all([
      this.clinics.settingsOf(session.clinicId, manager),
      this.clinics.timezoneOf(session.clinicId, manager),
    ]);
    const dates = automaticDueDates(
      session.dischargedAt,
      timeZone,
      settings.followUpDaysAfterSession,
    );
    const ids = await this.followUps.insertAutomatic(
      manager,
      dates.map((dueDate) => ({
        clinicId: session.clinicId,
        patientId: session.patientId,
        sessionId: session.sessionId,
        origin: FollowUpOrigin.AUTOMATIC,
        dueDate,
        status: FollowUpStatus.DUE,
        createdBy: null,
      })),
    );
    if (ids.length > 0) {
      // Made by the system, not by the nurse: the event names the action that caused it, and carries
      // its actor and request id, so the trail leads from the follow-ups to the discharge.
      await this.audit.record(
        session.actor,
        {
          action: AuditAction.CREATE,
          resourceType: RESOURCE,
          resourceIds: ids,
          clinicId: session.clinicId,
          details: {
            origin: FollowUpOrigin.AUTOMATIC,
            sessionId: session.sessionId,
            departure: session.departure,
            causedBy: {
              action: session.departure === 'transferred' ? 'transfer' : 'discharge',
              resourceType: 'InfusionSession',
              resourceId: session.sessionId,
            },
          },
        },
        manager,
      );
    }
  }

  async get(actor: Actor, id: string): Promise<FollowUpResponseDto> {
    const followUp = await this.followUps.readAudited(id, actor);
    if (!followUp) {
      throw new FollowUpException(FollowUpExceptionCode.FOLLOW_UP_NOT_FOUND, 'Follow-up not found');
    }
    return mapFollowUp(followUp);
  }

  async list(actor: Actor, query: FollowUpQueryDto): Promise<FollowUpPageDto> {
    const scope = scopeFor(actor, query.clinicId);
    const rows = await this.followUps.searchAudited(
      {
        scope,
        patientId: query.patientId,
        status: query.status,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      actor,
      filtersGiven(query, ['patientId', 'status', 'clinicId']),
    );
    return toPage(rows, query.limit, mapFollowUp, (f) => [f.dueDate, f.id]);
  }

  /** Due follow-ups dated before today in the clinic's time zone, earliest first. */
  async overdue(actor: Actor, query: OverdueFollowUpQueryDto): Promise<FollowUpPageDto> {
    const clinicId = this.resolveClinic(actor, query.clinicId);
    const today = localDate(new Date(), await this.clinics.timezoneOf(clinicId));
    const rows = await this.followUps.searchAudited(
      {
        scope: [clinicId],
        dueBefore: today,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      actor,
      ['overdue'],
    );
    return toPage(rows, query.limit, mapFollowUp, (f) => [f.dueDate, f.id]);
  }

  async complete(
    actor: Actor,
    id: string,
    dto: CompleteFollowUpDto,
    expectedVersion?: number,
  ): Promise<FollowUpResponseDto> {
    return this.close(actor, id, expectedVersion, 'complete', (f) =>
      Object.assign(f, {
        status: FollowUpStatus.COMPLETED,
        method: dto.method,
        contactedAt: dto.contactedAt ? new Date(dto.contactedAt) : new Date(),
        sideEffectsPresent: dto.sideEffectsPresent,
        sideEffectsDetails: dto.sideEffectsDetails ?? null,
        outcomeNote: dto.outcomeNote ?? null,
        nextStep: dto.nextStep,
      }),
    );
  }

  async miss(
    actor: Actor,
    id: string,
    dto: MissFollowUpDto,
    expectedVersion?: number,
  ): Promise<FollowUpResponseDto> {
    return this.close(actor, id, expectedVersion, 'miss', (f) =>
      Object.assign(f, { status: FollowUpStatus.MISSED, outcomeNote: dto.outcomeNote }),
    );
  }

  private async close(
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    action: 'complete' | 'miss',
    apply: (f: FollowUpEntity) => void,
  ): Promise<FollowUpResponseDto> {
    return this.tx.run(async (manager) => {
      const followUp = await this.getOrFail(actor, id, manager);
      assertVersion(followUp, expectedVersion, RESOURCE);
      if (!canClose(followUp.status)) {
        throw new FollowUpException(
          FollowUpExceptionCode.FOLLOW_UP_NOT_DUE,
          `Only a due follow-up can be closed; this one is ${followUp.status}`,
        );
      }
      apply(followUp);
      Object.assign(followUp, { closedAt: new Date(), closedBy: actor.userId });
      await this.followUps.save(manager, followUp);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ACTION,
          actionName: action,
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: followUp.clinicId,
        },
        manager,
      );
      return mapFollowUp(followUp);
    });
  }

  private resolveClinic(actor: Actor, clinicId: string | undefined): string {
    if (clinicId) {
      this.clinics.assertMember(actor, clinicId);
      return clinicId;
    }
    const [only, ...others] = actor.clinicIds;
    if (!only || others.length > 0) {
      throw FollowUpException.invalid(
        FollowUpExceptionCode.CLINIC_REQUIRED,
        'clinicId',
        'clinicId is required when you belong to more than one clinic',
      );
    }
    return only;
  }

  private async getOrFail(
    actor: Actor,
    id: string,
    manager?: EntityManager,
  ): Promise<FollowUpEntity> {
    const followUp = await this.followUps.findInScope(
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!followUp) {
      throw new FollowUpException(FollowUpExceptionCode.FOLLOW_UP_NOT_FOUND, 'Follow-up not found');
    }
    return followUp;
  }
}
