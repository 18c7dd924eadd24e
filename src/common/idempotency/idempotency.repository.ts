import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  IDEMPOTENCY_ABANDONED_AFTER_SECONDS,
  IDEMPOTENCY_RETENTION_HOURS,
} from 'src/common/idempotency/idempotency.rules';

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
   * Claims (owner, key) for this request: null when claimed, else the row another request holds. A row
   * past retention, or an in-progress claim abandoned by a dead process, is taken over.
   */
  async claim(owner: string, key: string, fingerprint: string): Promise<StoredResponse | null> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
        WHERE owner = $1 AND key = $2
          AND (created_at < now() - make_interval(hours => $3)
               OR (state = 'in_progress' AND created_at < now() - make_interval(secs => $4)))`,
      [owner, key, IDEMPOTENCY_RETENTION_HOURS, IDEMPOTENCY_ABANDONED_AFTER_SECONDS],
    );
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (owner, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (owner, key) DO NOTHING RETURNING id`,
      [owner, key, fingerprint],
    );
    if (claimed.length > 0) {
      return null;
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT state, fingerprint, clinic_id, resource_type, resource_id, response_headers, response_body
         FROM idempotency_keys WHERE owner = $1 AND key = $2`,
      [owner, key],
    );
    const row = rows[0];
    // Released between our insert and our read: report it as busy; the client's retry will claim it.
    return row
      ? {
          state: row.state,
          fingerprint: row.fingerprint,
          clinicId: row.clinic_id,
          resourceType: row.resource_type,
          resourceId: row.resource_id,
          responseHeaders: row.response_headers,
          responseBody: row.response_body,
        }
      : {
          state: 'in_progress',
          fingerprint,
          clinicId: null,
          resourceType: null,
          resourceId: null,
          responseHeaders: null,
          responseBody: null,
        };
  }

  async complete(
    owner: string,
    key: string,
    result: {
      status: number;
      headers: Record<string, string>;
      body: unknown;
      clinicId: string | null;
      resourceType: string | null;
      resourceId: string | null;
    },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET state = 'completed', response_status = $3, response_headers = $4, response_body = $5,
              clinic_id = $6, resource_type = $7, resource_id = $8, version = version + 1,
              updated_at = now()
        WHERE owner = $1 AND key = $2`,
      [
        owner,
        key,
        result.status,
        JSON.stringify(result.headers),
        JSON.stringify(result.body ?? null),
        result.clinicId,
        result.resourceType,
        result.resourceId,
      ],
    );
  }

  /** A failed request frees its key so that the client may retry it. */
  async release(owner: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND state = 'in_progress'`,
      [owner, key],
    );
  }
}
