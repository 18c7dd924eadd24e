import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import { AlertsRepository } from 'src/follow-ups/alerts.repository';
import {
  AssessmentPageDto,
  AssessmentQueryDto,
  AssessmentResponseDto,
  CreateAssessmentDto,
  mapAssessment,
} from 'src/follow-ups/assessment.dto';
import { AssessmentsRepository } from 'src/follow-ups/assessments.repository';
import { FollowUpException, FollowUpExceptionCode } from 'src/follow-ups/follow-up.exception';
import { FollowUpsRepository } from 'src/follow-ups/follow-ups.repository';
import { assertSessionOf } from 'src/follow-ups/session-link';
import { findInstrument, InstrumentDefinition } from 'src/follow-ups/instrument.catalog';
import { filtersGiven } from 'src/follow-ups/list-audit';
import { AlertStatus, scoreAssessment, validateResponses } from 'src/follow-ups/scoring.rules';
import { PatientsService } from 'src/patients/patients.service';
import { SessionsService } from 'src/sessions/sessions.service';
import { scopeFor } from 'src/clinics/clinic-scope';

const RESOURCE = 'Assessment';
// Clock skew between a tablet and the server is tolerated; a later time is a typing mistake.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly assessments: AssessmentsRepository,
    private readonly alerts: AlertsRepository,
    private readonly followUps: FollowUpsRepository,
    private readonly patients: PatientsService,
    private readonly sessions: SessionsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Validates and scores on the server; a suicide-risk finding (§5: PHQ-9 item 9 > 0, C-SSRS
   * moderate or high) raises its alert in the same transaction, so there is never a scored
   * assessment without its alert.
   */
  async create(actor: Actor, dto: CreateAssessmentDto): Promise<AssessmentResponseDto> {
    const def = this.instrumentOrFail(dto);
    const errors = validateResponses(def, dto.responses);
    if (errors.length > 0) {
      throw new FollowUpException(
        FollowUpExceptionCode.INVALID_RESPONSES,
        errors.map((e) => e.message).join('; '),
        { errors },
      );
    }
    const administeredAt = dto.administeredAt ? new Date(dto.administeredAt) : new Date();
    if (administeredAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      throw FollowUpException.invalid(
        FollowUpExceptionCode.INVALID_RESPONSES,
        'administeredAt',
        'administeredAt cannot be in the future',
      );
    }
    const score = scoreAssessment(def, dto.responses);
    return this.tx.run(async (manager) => {
      const patient = await this.patients.getOrFail(actor, dto.patientId, manager);
      FollowUpException.assertNotArchived(patient);
      if (dto.followUpId) {
        await this.assertFollowUpOf(actor, dto.followUpId, patient.id, manager);
      }
      if (dto.sessionId) {
        await assertSessionOf(this.sessions, actor, dto.sessionId, patient.id);
      }
      const assessment = await this.assessments.insert(manager, {
        clinicId: patient.clinicId,
        patientId: patient.id,
        instrumentCode: def.code,
        instrumentVersion: def.version,
        responses: dto.responses,
        total: score.total,
        band: score.band,
        flags: score.flags,
        context: dto.context,
        administeredAt,
        sessionId: dto.sessionId ?? null,
        followUpId: dto.followUpId ?? null,
        recordedBy: actor.userId,
      });
      const alerts = await this.alerts.insertMany(
        manager,
        score.alerts.map((a) => ({
          clinicId: patient.clinicId,
          patientId: patient.id,
          assessmentId: assessment.id,
          kind: a.kind,
          severity: a.severity,
          status: AlertStatus.OPEN,
        })),
      );
      await this.audit.record(
        actor,
        {
          action: AuditAction.CREATE,
          resourceType: RESOURCE,
          resourceId: assessment.id,
          clinicId: patient.clinicId,
        },
        manager,
      );
      for (const alert of alerts) {
        await this.audit.record(
          actor,
          {
            action: AuditAction.CREATE,
            resourceType: 'Alert',
            resourceId: alert.id,
            clinicId: patient.clinicId,
            // Raised by the scoring rules, not by the caller: the event names what caused it.
            details: {
              causedBy: { action: 'create', resourceType: RESOURCE, resourceId: assessment.id },
            },
          },
          manager,
        );
      }
      return mapAssessment(assessment, alerts);
    });
  }

  async get(actor: Actor, id: string): Promise<AssessmentResponseDto> {
    const found = await this.assessments.readAudited(id, actor);
    if (!found) {
      throw new FollowUpException(
        FollowUpExceptionCode.ASSESSMENT_NOT_FOUND,
        'Assessment not found',
      );
    }
    return mapAssessment(found.assessment, found.alerts);
  }

  async list(actor: Actor, query: AssessmentQueryDto): Promise<AssessmentPageDto> {
    const scope = scopeFor(actor, query.clinicId);
    const rows = await this.assessments.searchAudited(
      {
        scope,
        patientId: query.patientId,
        instrumentCode: query.instrumentCode,
        context: query.context,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      actor,
      filtersGiven(query, ['patientId', 'instrumentCode', 'context', 'clinicId']),
    );
    return toPage(
      rows,
      query.limit,
      (r) => mapAssessment(r.assessment, r.alerts),
      (r) => [r.assessment.administeredAt.toISOString(), r.assessment.id],
    ) satisfies Page<AssessmentResponseDto>;
  }

  private instrumentOrFail(dto: CreateAssessmentDto): InstrumentDefinition {
    const def = findInstrument(dto.instrumentCode, dto.instrumentVersion);
    if (!def) {
      throw FollowUpException.invalid(
        FollowUpExceptionCode.INSTRUMENT_NOT_FOUND,
        'instrumentVersion',
        `${dto.instrumentCode} has no version ${dto.instrumentVersion}`,
      );
    }
    return def;
  }

  private async assertFollowUpOf(
    actor: Actor,
    followUpId: string,
    patientId: string,
    manager: EntityManager,
  ): Promise<void> {
    const followUp = await this.followUps.findInScope(followUpId, actor.clinicIds, manager);
    if (!followUp) {
      throw new FollowUpException(FollowUpExceptionCode.FOLLOW_UP_NOT_FOUND, 'Follow-up not found');
    }
    if (followUp.patientId !== patientId) {
      throw FollowUpException.invalid(
        FollowUpExceptionCode.FOLLOW_UP_OTHER_PATIENT,
        'followUpId',
        'followUpId belongs to another patient',
      );
    }
  }
}
