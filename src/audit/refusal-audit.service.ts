import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Actor } from 'src/auth/actor';
import { requestIdOf } from 'src/common/logging';
import {
  RefusalRecorder,
  RefusalStatus,
  refusedAccountOf,
} from 'src/common/problem/refusal-recorder';
import { AuditAction, AuditOutcome } from 'src/audit/audit-event.entity';
import { refusedTargetOf } from 'src/audit/refused-access.rules';
import { SqlService } from 'src/database/sql.service';

const OUTCOME: Record<RefusalStatus, AuditOutcome> = {
  401: AuditOutcome.UNAUTHENTICATED,
  403: AuditOutcome.FORBIDDEN,
  404: AuditOutcome.NOT_FOUND,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOGIN_ROUTE = '/api/v1/auth/login';

/**
 * Issue 11: refused access leaves an event, like allowed access. A 403 or a 404 of a signed-in
 * caller is audited in each of the caller's clinics (the one named in the path, when it is theirs),
 * so each clinic's admins see their own staff's refused attempts; a 401 only when it names a known
 * account. Details are ids and codes, never values (no patient data).
 */
@Injectable()
export class RefusalAuditService implements RefusalRecorder {
  constructor(private readonly sql: SqlService) {}

  async record(request: Request, status: RefusalStatus, code: string): Promise<void> {
    const who = this.callerOf(request, status);
    if (!who) {
      return;
    }
    const routePath = (request.route as { path: string }).path;
    const params = request.params as Record<string, string | undefined>;
    const target =
      routePath === LOGIN_ROUTE
        ? {
            action: AuditAction.LOGIN,
            actionName: null,
            resourceType: 'User',
            resourceId: who.userId,
          }
        : refusedTargetOf(request.method, routePath, params);
    const ids = Object.fromEntries(
      Object.entries(params).filter(([, value]) => value !== undefined && UUID.test(value)),
    );
    const details = {
      code,
      route: `${request.method} ${routePath}`,
      ...(who.reason ? { reason: who.reason } : {}),
      ...(Object.keys(ids).length > 0 ? { ids } : {}),
    };
    const named = params.clinicId;
    const clinics = named && who.clinicIds.includes(named) ? [named] : who.clinicIds;
    await this.sql.rowsOnPool({
      text: `INSERT INTO audit_events
          (clinic_id, actor_id, actor_role, action, action_name, resource_type, resource_id,
           request_id, client_ip, details, outcome)
        SELECT clinic.id, $2::uuid, $3, $4::audit_action, $5, $6, $7::uuid, $8, $9::inet, $10::jsonb,
               $11::audit_outcome
          FROM unnest($1::uuid[]) AS clinic (id)`,
      values: [
        clinics.length > 0 ? clinics : [null],
        who.userId,
        who.role,
        target.action,
        target.actionName,
        target.resourceType,
        target.resourceId,
        requestIdOf(request),
        request.ip ?? null,
        JSON.stringify(details),
        OUTCOME[status],
      ],
    });
  }

  private callerOf(
    request: Request,
    status: RefusalStatus,
  ): { userId: string; role: string; clinicIds: string[]; reason?: string } | null {
    if (status === 401) {
      return refusedAccountOf(request) ?? null;
    }
    const actor = (request as Request & { user?: Actor }).user;
    return actor && 'userId' in actor ? actor : null;
  }
}
