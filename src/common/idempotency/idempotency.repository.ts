import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction } from 'src/audit/audit-event.entity';
import { IDEMPOTENCY_RETENTION_HOURS } from 'src/common/idempotency/idempotency.rules';
import { query } from 'src/database/sql.service';
import { OpenTransaction } from 'src/database/transaction.service';

export interface StoredResponse {
  state: 'in_progress' | 'completed';
  fingerprint: string;
  clinicId: string | null;
  /** The record the first response was about (type as audited), to audit a replay as its read. */
  resourceType: string | null;
  resourceId: string | null;
  responseHeaders: Record<string, string> | null;
  responseBody: unknown;
}

export interface CompletedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  clinicId: string | null;
  resourceId: string | null;
  /** Whose request it was: with the request id, finds the audit event that names the record. */
  actorId: string | null;
  requestId: string | null;
}

interface Row {
  state: 'in_progress' | 'completed';
  fingerprint: string;
  clinic_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * A key's record lives and dies with the write it protects: it is claimed as the first statement of
 * the request's transaction and completed as its last, so no other session ever sees it in
 * progress. A second request with the same key waits on the first one's row (PostgreSQL's unique
 * index does the waiting) and then finds it completed, or, if the first rolled back or its process
 * died, claims it itself.
 */
@Injectable()
export class IdempotencyRepository implements OnModuleInit, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  // Stored responses may hold patient data: they are kept no longer than the retention window.
  onModuleInit(): void {
    this.purgeTimer = setInterval(
      () => void this.purgeExpired().catch(() => undefined),
      PURGE_EVERY_MS,
    );
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_RETENTION_HOURS],
    );
  }

  /**
   * Claims (owner, key) inside `transaction`: true when claimed. A record past retention is taken
   * over, and so is one left `in_progress` by the design before this one (committed claims).
   */
  async claim(
    transaction: OpenTransaction,
    owner: string,
    key: string,
    fingerprint: string,
  ): Promise<boolean> {
    const claimed = await query(transaction.client, {
      text: `INSERT INTO idempotency_keys (owner, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (owner, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, state = 'in_progress', clinic_id = NULL,
              response_status = NULL, response_headers = NULL, response_body = NULL,
              resource_type = NULL, resource_id = NULL, created_at = now(), updated_at = now(),
              version = idempotency_keys.version + 1
        WHERE idempotency_keys.created_at < now() - make_interval(hours => $4)
           OR idempotency_keys.state = 'in_progress'
       RETURNING id`,
      values: [owner, key, fingerprint, IDEMPOTENCY_RETENTION_HOURS],
    });
    return claimed.rowCount === 1;
  }

  /** The committed record of (owner, key); an absent one (purged meanwhile) reads as busy. */
  async stored(transaction: OpenTransaction, owner: string, key: string): Promise<StoredResponse> {
    const { rows } = await query<Row>(transaction.client, {
      text: `SELECT state, fingerprint, clinic_id, resource_type, resource_id, response_headers,
                    response_body
               FROM idempotency_keys WHERE owner = $1 AND key = $2`,
      values: [owner, key],
    });
    const row = rows[0];
    return {
      state: row?.state ?? 'in_progress',
      fingerprint: row?.fingerprint ?? '',
      clinicId: row?.clinic_id ?? null,
      resourceType: row?.resource_type ?? null,
      resourceId: row?.resource_id ?? null,
      responseHeaders: row?.response_headers ?? null,
      responseBody: row?.response_body ?? null,
    };
  }

  /**
   * Keeps the response in the request's transaction. Which record it was about is read from the
   * audit event the handler wrote in that same transaction (its type as audited; `now()` is the
   * transaction's start, so the actor's index reads only this transaction's events).
   */
  async complete(
    transaction: OpenTransaction,
    owner: string,
    key: string,
    result: CompletedResponse,
  ): Promise<void> {
    await query(transaction.client, {
      text: `UPDATE idempotency_keys
          SET state = 'completed', response_status = $3, response_headers = $4, response_body = $5,
              clinic_id = $6, resource_id = written.resource_id, resource_type = written.resource_type,
              version = version + 1, updated_at = now()
         FROM (SELECT (SELECT e.resource_type FROM audit_events e
                        WHERE e.actor_id = $10 AND e.occurred_at >= now()
                          AND e.request_id = $8 AND e.resource_id = $7::uuid AND e.action <> $9
                        ORDER BY e.occurred_at LIMIT 1) AS resource_type) typed,
              LATERAL (SELECT CASE WHEN typed.resource_type IS NULL THEN NULL ELSE $7::uuid END
                         AS resource_id, typed.resource_type) written
        WHERE owner = $1 AND key = $2`,
      values: [
        owner,
        key,
        result.status,
        JSON.stringify(result.headers),
        JSON.stringify(result.body ?? null),
        result.clinicId,
        result.resourceId,
        result.requestId,
        AuditAction.READ,
        result.actorId,
      ],
    });
  }
}
