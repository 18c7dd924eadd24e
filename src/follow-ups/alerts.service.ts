import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import {
  AcknowledgeAlertDto,
  AlertPageDto,
  AlertQueryDto,
  AlertResponseDto,
  mapAlert,
} from 'src/follow-ups/alert.dto';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import { AlertsRepository } from 'src/follow-ups/alerts.repository';
import { FollowUpException, FollowUpExceptionCode } from 'src/follow-ups/follow-up.exception';
import { filtersGiven } from 'src/follow-ups/list-audit';
import { AlertStatus } from 'src/follow-ups/scoring.rules';
import { scopeFor } from 'src/clinics/clinic-scope';

const RESOURCE = 'Alert';

@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: AlertQueryDto): Promise<AlertPageDto> {
    const scope = scopeFor(actor, query.clinicId);
    const rows = await this.alerts.searchAudited(
      {
        scope,
        status: query.status,
        patientId: query.patientId,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      actor,
      filtersGiven(query, ['clinicId', 'status', 'patientId']),
    );
    return toPage(rows, query.limit, mapAlert, (a) => [a.createdAt.toISOString(), a.id]);
  }

  async get(actor: Actor, id: string): Promise<AlertResponseDto> {
    const alert = await this.alerts.readAudited(id, actor);
    if (!alert) {
      throw new FollowUpException(FollowUpExceptionCode.ALERT_NOT_FOUND, 'Alert not found');
    }
    return mapAlert(alert);
  }

  /** A clinician's review of the finding: once, with a note, by a named actor. */
  async acknowledge(
    actor: Actor,
    id: string,
    dto: AcknowledgeAlertDto,
    expectedVersion?: number,
  ): Promise<AlertResponseDto> {
    return this.tx.run(async (manager) => {
      const alert = await this.getOrFail(actor, id, manager);
      assertVersion(alert, expectedVersion, RESOURCE);
      if (alert.status !== AlertStatus.OPEN) {
        throw new FollowUpException(
          FollowUpExceptionCode.ALERT_ALREADY_ACKNOWLEDGED,
          'The alert has already been acknowledged',
        );
      }
      Object.assign(alert, {
        status: AlertStatus.ACKNOWLEDGED,
        acknowledgedBy: actor.userId,
        acknowledgedAt: new Date(),
        acknowledgementNote: dto.note,
      });
      await this.alerts.save(manager, alert);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ACTION,
          actionName: 'acknowledge',
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: alert.clinicId,
          details: { fields: ['note'] },
        },
        manager,
      );
      return mapAlert(alert);
    });
  }

  /** For the pre-infusion gate: the patient's unacknowledged suicide-risk alerts. */
  async openAlertsOf(
    manager: EntityManager,
    clinicId: string,
    patientId: string,
    at: Date = new Date(),
  ): Promise<AlertEntity[]> {
    return this.alerts.openForPatient(manager, clinicId, patientId, at);
  }

  private async getOrFail(actor: Actor, id: string, manager?: EntityManager): Promise<AlertEntity> {
    const alert = await this.alerts.findInScope(
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!alert) {
      throw new FollowUpException(FollowUpExceptionCode.ALERT_NOT_FOUND, 'Alert not found');
    }
    return alert;
  }
}
