import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_RETENTION_HOURS } from 'src/common/idempotency/idempotency.rules';

export interface StoredResponse {
  state: 'in_progress' | 'completed';
  fingerprint: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: unknown;
}

interface Row {
  state: 'in_progress' | 'completed';
  fingerprint: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims (owner, key) for this request. Returns null when claimed; otherwise the row another request
   * holds. A row past retention is taken over as if it were absent.
   */
  async claim(owner: string, key: string, fingerprint: string): Promise<StoredResponse | null> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`,
      [owner, key, IDEMPOTENCY_RETENTION_HOURS],
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
      `SELECT state, fingerprint, response_status, response_headers, response_body
         FROM idempotency_keys WHERE owner = $1 AND key = $2`,
      [owner, key],
    );
    const row = rows[0];
    // Released between our insert and our read: the caller may simply go ahead.
    return row
      ? {
          state: row.state,
          fingerprint: row.fingerprint,
          responseStatus: row.response_status,
          responseHeaders: row.response_headers,
          responseBody: row.response_body,
        }
      : {
          state: 'in_progress',
          fingerprint,
          responseStatus: null,
          responseHeaders: null,
          responseBody: null,
        };
  }

  async complete(
    owner: string,
    key: string,
    status: number,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET state = 'completed', response_status = $3, response_headers = $4, response_body = $5,
              version = version + 1, updated_at = now()
        WHERE owner = $1 AND key = $2`,
      [owner, key, status, JSON.stringify(headers), JSON.stringify(body ?? null)],
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
