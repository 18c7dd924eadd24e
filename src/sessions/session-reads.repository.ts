import { Injectable } from '@nestjs/common';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { withListAudit, withReadAudit } from 'src/audit/audited-statement';
import { ClinicSettings, effectiveSettings } from 'src/clinics/clinic-settings';
import { CursorValue } from 'src/common/pagination/cursor';
import { SqlService } from 'src/database/sql.service';
import { LedgerEntryEntity } from 'src/sessions/controlled-substance-lot.entity';
import {
  AdverseEventEntity,
  InfusionEventEntity,
  InfusionSessionEntity,
  ScheduleChangeEntity,
  SessionAddendumEntity,
  SessionVitalsEntity,
  StopThresholdHoldEntity,
} from 'src/sessions/session.entity';
import {
  SessionPart,
  sessionPartPageStatement,
  sessionPartStatement,
} from 'src/sessions/session-records.sql';
import {
  SESSION_PAGE_ORDER,
  sessionDetailStatement,
  SessionDetailRow,
  SessionListRow,
  SessionSearch,
  sessionSearchStatement,
} from 'src/sessions/sessions.sql';

export const SESSION_RESOURCE = 'InfusionSession';

/** A session with everything its detail shows. */
export interface SessionRecord {
  session: InfusionSessionEntity;
  vitals: SessionVitalsEntity[];
  adverseEvents: AdverseEventEntity[];
  infusionEvents: InfusionEventEntity[];
  scheduleChanges: ScheduleChangeEntity[];
  addenda: SessionAddendumEntity[];
  ledgerEntries: LedgerEntryEntity[];
  stopHolds: StopThresholdHoldEntity[];
  settings: ClinicSettings;
}

/** The audited hot reads of sessions: one statement each, the audit event written by it. */
@Injectable()
export class SessionReadsRepository {
  constructor(private readonly sql: SqlService) {}

  async recordAudited(id: string, actor: Actor): Promise<SessionRecord | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const row = await this.sql.first<SessionDetailRow>(
      withReadAudit(sessionDetailStatement(id, actor.clinicIds), {
        actor,
        resourceType: SESSION_RESOURCE,
      }),
    );
    return row && this.record(row);
  }

  async searchAudited(f: SessionSearch, actor: Actor): Promise<InfusionSessionEntity[]> {
    const rows = await this.sql.rows<SessionListRow>(
      withListAudit(sessionSearchStatement(f), {
        actor,
        resourceType: SESSION_RESOURCE,
        filters: [],
        scope: f.scope,
        pageSize: f.limit,
        orderBy: SESSION_PAGE_ORDER,
      }),
    );
    return this.sql.entities(
      InfusionSessionEntity,
      rows.map((r) => r.session),
    );
  }

  /**
   * A page of the session's records of one kind (null when the session is not found), with its
   * LIST event on the session naming the part, in one statement.
   */
  async partPageAudited<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    part: SessionPart,
    page: { sessionId: string; limit: number; after?: CursorValue[] },
    audit: { actor: Actor; actionName: string },
  ): Promise<T[] | null> {
    const { actor, actionName } = audit;
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const statement = sessionPartPageStatement(
      part,
      page.sessionId,
      actor.clinicIds,
      page.limit,
      page.after,
    );
    const row = await this.sql.first<{ rows: unknown }>(
      withReadAudit(statement, {
        actor,
        resourceType: SESSION_RESOURCE,
        action: AuditAction.LIST,
        actionName,
      }),
    );
    return row && this.sql.entities(target, row.rows);
  }

  /** One record of the session (null when it or the session is not found), with its READ event. */
  async partAudited<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    part: SessionPart,
    sessionId: string,
    id: string,
    actor: Actor,
  ): Promise<T | null> {
    if (actor.clinicIds.length === 0) {
      return null;
    }
    const row = await this.sql.first<{ row: unknown }>(
      withReadAudit(sessionPartStatement(part, sessionId, id, actor.clinicIds), {
        actor,
        resourceType: SESSION_RESOURCE,
        actionName: part,
      }),
    );
    return row && this.sql.entity(target, row.row);
  }

  private record(row: SessionDetailRow): SessionRecord {
    return {
      session: this.sql.entity(InfusionSessionEntity, row.session),
      vitals: this.sql.entities(SessionVitalsEntity, row.vitals),
      adverseEvents: this.sql.entities(AdverseEventEntity, row.adverseEvents),
      infusionEvents: this.sql.entities(InfusionEventEntity, row.infusionEvents),
      scheduleChanges: this.sql.entities(ScheduleChangeEntity, row.scheduleChanges),
      addenda: this.sql.entities(SessionAddendumEntity, row.addenda),
      ledgerEntries: this.sql.entities(LedgerEntryEntity, row.ledgerEntries),
      stopHolds: this.sql.entities(StopThresholdHoldEntity, row.stopHolds),
      settings: effectiveSettings(row.clinicSettings),
    };
  }
}
