import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';

const PROBE_TIMEOUT_MS = 2000;

/**
 * Readiness on a connection of its own: a pool busy with requests must not make the probe (and the
 * orchestrator) think the database is down, and probes must not take connections from requests.
 */
@Injectable()
export class ReadinessProbe implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    const url = (dataSource.options as { url?: string }).url;
    this.pool = new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      application_name: 'ketamine-clinic-api readiness',
    });
    // An idle probe connection dropped by the server is replaced at the next probe.
    this.pool.on('error', () => undefined);
  }

  async databaseAnswers(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
