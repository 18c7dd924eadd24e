import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';

/**
 * What the database layer knows of the request it serves. An idempotent POST binds one transaction
 * to its request (IdempotencyInterceptor): every statement the request sends, through repositories,
 * SqlService or TransactionService, then runs on that one connection, so the key's record commits
 * with the write it protects, or not at all.
 */
export interface RequestContext {
  /** The request's own transaction, when one is bound. */
  transaction?: BoundTransaction;
  /** Set at the request's deadline: nothing more may be sent to the database for it. */
  expired: boolean;
}

export interface BoundTransaction {
  runner: QueryRunner;
  /** The pg client under the runner, for plain SQL on the same connection. */
  client: PoolClient;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  /** Runs the rest of the request with a fresh context (middleware). */
  run<T>(work: () => T): T {
    return storage.run({ expired: false }, work);
  },

  current(): RequestContext | undefined {
    return storage.getStore();
  },

  boundTransaction(): BoundTransaction | undefined {
    return storage.getStore()?.transaction;
  },
};

/** Thrown before a statement of a request whose deadline has passed: the client has had its 503. */
export class RequestDeadlineExceeded extends Error {
  constructor() {
    super('The request deadline has passed');
    this.name = 'RequestDeadlineExceeded';
  }
}

export function assertRequestLive(): void {
  if (storage.getStore()?.expired) {
    throw new RequestDeadlineExceeded();
  }
}
