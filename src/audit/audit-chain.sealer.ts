import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { sealStatement } from 'src/audit/audit-chain.sql';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { SqlService } from 'src/database/sql.service';

// Small enough that one call holds the seal lock for milliseconds; a backlog is worked off by
// calling again at once.
const BATCH = 2_000;

/**
 * Chains newly committed audit events every AUDIT_SEAL_INTERVAL_MS (README "Audit"). Every
 * instance runs one; the database lets one seal at a time and the others find nothing to do.
 * Requests never wait on it: an audit INSERT takes no lock the sealer holds.
 */
@Injectable()
export class AuditChainSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditChainSealer.name);
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private failing = false;

  constructor(
    private readonly sql: SqlService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.audit.sealIntervalMs;
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Seals until nothing committed is left unsealed; answers how many events it sealed. */
  async sealCommitted(): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.sql.rowsOnPool<{ sealed: number }>(sealStatement(BATCH));
      total += row?.sealed ?? 0;
      if ((row?.sealed ?? 0) < BATCH || this.stopped) {
        return total;
      }
    }
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.sealCommitted().then(
        () => this.recovered(),
        (error: unknown) => this.failed(error),
      );
      void this.running.then(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  // A database that is away fails every tick: said once when it starts and once when it ends.
  private failed(error: unknown): void {
    if (!this.failing) {
      this.failing = true;
      this.logger.warn(`sealing audit events failed, retrying: ${(error as Error).message}`);
    }
  }

  private recovered(): void {
    if (this.failing) {
      this.failing = false;
      this.logger.log('sealing audit events again');
    }
  }
}
