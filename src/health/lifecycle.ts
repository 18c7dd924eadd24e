import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from 'src/common/logging';
import { CommonExceptionCode } from 'src/common/problem/domain.exception';
import { problemBody } from 'src/common/problem/problem-body';

type Phase = 'serving' | 'draining' | 'closing';

/**
 * Where the process is in its life, for readiness and for the shutdown (graceful-shutdown.ts):
 * serving; draining (readiness says 503 so the load balancer stops sending, requests are still
 * served); closing (new requests are refused, those in flight finish).
 */
@Injectable()
export class Lifecycle {
  private phase: Phase = 'serving';
  private inFlight = 0;
  private onIdle: (() => void)[] = [];

  get shuttingDown(): boolean {
    return this.phase !== 'serving';
  }

  beginDrain(): void {
    this.phase = 'draining';
  }

  /** Refuses new requests from now on; resolves once every request in flight has ended. */
  close(): Promise<void> {
    this.phase = 'closing';
    return this.inFlight === 0 ? Promise.resolve() : new Promise((done) => this.onIdle.push(done));
  }

  /** Middleware, first in the chain: counts requests in flight, refuses new ones when closing. */
  readonly track = (req: Request, res: Response, next: NextFunction): void => {
    if (this.phase === 'closing') {
      res
        .status(503)
        .setHeader('Connection', 'close')
        .setHeader('Retry-After', '1')
        .type('application/problem+json')
        .json(
          problemBody(
            503,
            CommonExceptionCode.SHUTTING_DOWN,
            'This instance is shutting down; retry, another will answer',
            requestIdOf(req),
          ),
        );
      return;
    }
    this.inFlight++;
    res.once('close', () => {
      this.inFlight--;
      if (this.inFlight === 0) {
        this.onIdle.splice(0).forEach((done) => done());
      }
    });
    next();
  };
}
