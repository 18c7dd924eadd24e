import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { TransactionService } from 'src/database/transaction.service';
import { nextStatus, SessionAction } from 'src/sessions/session-lifecycle.rules';
import { SessionDetailDto } from 'src/sessions/session.dto';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionException } from 'src/sessions/session.exception';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { SESSION_RESOURCE, SessionsService } from 'src/sessions/sessions.service';

export type ActionWork = (
  session: InfusionSessionEntity,
  manager: EntityManager,
) => Promise<Record<string, unknown>>;

/** The one way a lifecycle action runs: lock, move (409 when illegal), work, save, audit, answer. */
@Injectable()
export class SessionActions {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly reader: SessionsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async run(
    actor: Actor,
    id: string,
    action: SessionAction,
    work: ActionWork,
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

  /** Audit details carry field names and check codes only, never clinical values. */
  async record(
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
