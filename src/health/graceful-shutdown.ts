import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Lifecycle } from 'src/health/lifecycle';

export interface ShutdownTimings {
  /** Readiness reports 503 this long before new requests are refused. */
  drainMs: number;
  /** From the signal to exit, whatever is still running. */
  timeoutMs: number;
}

// What the end needs after requests: closing the pool and stopping an embedded database.
const CLOSE_BUDGET_MS = 5000;

/**
 * On SIGTERM or SIGINT: readiness turns 503 at once; after the drain period new requests are refused
 * and the listener closes; requests in flight finish; at the deadline the connections still open
 * are cut; then the pool closes, an embedded database stops, and the process exits 0. Replaces
 * Nest's own shutdown hooks, which close the server at once.
 */
export function shutDownGracefully(app: INestApplication, timings: ShutdownTimings): void {
  const server = app.getHttpServer() as Server;
  const lifecycle = app.get(Lifecycle);
  const logger = new Logger('Shutdown');
  let started = false;

  const stop = async (signal: string): Promise<void> => {
    const closeBudget = Math.min(CLOSE_BUDGET_MS, timings.timeoutMs / 4);
    const drainMs = Math.min(timings.drainMs, timings.timeoutMs - closeBudget);
    // Past the deadline nothing waits any more, not even a pool that a stuck request still holds.
    setTimeout(() => process.exit(0), timings.timeoutMs);
    logger.log(`${signal}: draining for ${drainMs} ms, deadline ${timings.timeoutMs} ms`);
    lifecycle.beginDrain();
    await sleep(drainMs);
    const idle = lifecycle.close();
    server.close();
    server.closeIdleConnections();
    await Promise.race([idle, sleep(timings.timeoutMs - drainMs - closeBudget)]);
    server.closeAllConnections();
    await app.close().catch((error: unknown) => {
      logger.error(`closing: ${error instanceof Error ? error.name : typeof error}`);
    });
    process.exit(0);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!started) {
        started = true;
        void stop(signal);
      }
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.max(0, ms)));
}
