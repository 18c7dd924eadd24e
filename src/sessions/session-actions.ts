import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { TransactionService } from 'src/database/transaction.service';
import { ClinicSettings } from 'src/clinics/clinic-settings';
import { occurrence } from 'src/sessions/late-entry.rules';
import { nextStatus, SessionAction } from 'src/sessions/session-lifecycle.rules';
import { SessionDetailDto } from 'src/sessions/session.dto';
import { InfusionSessionEntity, LateEntryRecord } from 'src/sessions/session.entity';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { SESSION_RESOURCE, SessionsService } from 'src/sessions/sessions.service';

const REFUSAL_CODE = {
  LATE_ENTRY_REASON_REQUIRED: SessionExceptionCode.LATE_ENTRY_REASON_REQUIRED,
  LATE_ENTRY_OUTSIDE_WINDOW: SessionExceptionCode.LATE_ENTRY_OUTSIDE_WINDOW,
  LATE_ENTRY_OUT_OF_ORDER: SessionExceptionCode.LATE_ENTRY_OUT_OF_ORDER,
  OCCURRED_IN_FUTURE: SessionExceptionCode.OCCURRED_IN_FUTURE,
} as const;

/**
 * When a step happened: now, or a late entry's stated time (late-entry.rules.ts), which is then
 * recorded on the session with its reason, author and entry time. Refusals are 400 (reason
 * missing, future) or 422 (outside the clinic's window, before the step it follows).
 */
export function occurrenceOf(
  actor: Actor,
  session: InfusionSessionEntity | null,
  step: string,
  input: { occurredAt?: string; lateEntryReason?: string },
  settings: ClinicSettings,
  notBefore: Date | null,
  now: Date,
): { at: Date; late: boolean; audit: Record<string, unknown> | undefined } {
  const out = occurrence({
    now,
    occurredAt: input.occurredAt ? new Date(input.occurredAt) : null,
    lateEntryReason: input.lateEntryReason ?? null,
    notBefore,
    settings,
  });
  if (!out.ok) {
    const field = out.refusal === 'LATE_ENTRY_REASON_REQUIRED' ? 'lateEntryReason' : 'occurredAt';
    throw new SessionException(REFUSAL_CODE[out.refusal], out.message, {
      errors: [{ field, message: out.message }],
    });
  }
  if (out.late && session) {
    session.lateEntries = [
      ...session.lateEntries,
      lateEntryRecord(actor, step, out.at, input.lateEntryReason as string, now),
    ];
  }
  return {
    at: out.at,
    late: out.late,
    audit: out.late ? { lateEntry: { occurredAt: out.at.toISOString() } } : undefined,
  };
}

/**
 * A late step is entered before the readings taken after it (issue 9 point 6): a start, end or
 * discharge stated before a reading already on the record would leave that reading in the wrong
 * phase (a stop-level reading during the infusion judged as a pre-dose one, say), so it is 422.
 */
export function assertNoReadingAfter(step: string, at: Date, lastReadingAt: Date | null): void {
  if (lastReadingAt && lastReadingAt.getTime() > at.getTime()) {
    const message = `A reading taken at ${lastReadingAt.toISOString()} is already recorded: enter the ${step.replace('_', ' ')} before the readings that came after it`;
    throw new SessionException(SessionExceptionCode.LATE_ENTRY_OUT_OF_ORDER, message, {
      errors: [{ field: 'occurredAt', message }],
    });
  }
}

export function lateEntryRecord(
  actor: Actor,
  step: string,
  at: Date,
  reason: string,
  now: Date,
): LateEntryRecord {
  return {
    step,
    occurredAt: at.toISOString(),
    reason,
    by: actor.userId,
    enteredAt: now.toISOString(),
  };
}

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
    /** The audit event's action name when it is not the action's own (e.g. a decision). */
    actionName: string = action,
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
      await this.record(actor, manager, session, actionName, details);
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
