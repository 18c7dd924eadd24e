import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import {
  CommonException,
  CommonExceptionCode,
  DomainException,
} from 'src/common/problem/domain.exception';
import { assertRequestLive, requestContext } from 'src/database/request-context';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** The one way services open a transaction: repositories take the EntityManager it hands out. */
@Injectable()
export class TransactionService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction. Inside a request that has bound its own transaction (an
   * idempotent POST), `work` joins it: the request commits once, with its idempotency record.
   */
  async run<T>(
    work: (manager: EntityManager) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    assertRequestLive();
    const bound = requestContext.boundTransaction();
    if (bound) {
      return work(bound.runner.manager);
    }
    const transaction = await this.begin(isolation);
    try {
      const result = await work(transaction.runner.manager);
      await this.commit(transaction);
      return result;
    } catch (error) {
      await this.rollback(transaction, error);
      throw error;
    }
  }

  /** Opens a transaction on a connection of its own; end it with commit or rollback. */
  async begin(isolation: IsolationLevel = 'READ COMMITTED'): Promise<OpenTransaction> {
    const runner = this.dataSource.createQueryRunner();
    let client: PoolClient;
    try {
      client = (await runner.connect()) as PoolClient;
      // READ COMMITTED is PostgreSQL's default: naming it would cost TypeORM a second round trip
      // (START TRANSACTION, then SET TRANSACTION ISOLATION LEVEL) on every write.
      await runner.startTransaction(isolation === 'READ COMMITTED' ? undefined : isolation);
    } catch (error) {
      release(runner, error);
      throw error;
    }
    return { runner, client };
  }

  /**
   * Commits and gives the connection back. A COMMIT the connection failed under may or may not have
   * happened: the client is told so (503), and that a retry with its Idempotency-Key is safe.
   */
  async commit(transaction: OpenTransaction): Promise<void> {
    try {
      await transaction.runner.commitTransaction();
    } catch (error) {
      release(transaction.runner, error);
      // A deferred constraint refuses at COMMIT: that is a definite rollback, mapped as any other.
      if (hasSqlState(error) && !isConnectionClass(error)) {
        throw error;
      }
      throw new CommonException(
        CommonExceptionCode.COMMIT_OUTCOME_UNKNOWN,
        'The connection to the database failed while the change was being committed; it may or may not have been saved. Retry with the same Idempotency-Key: a kept change is replayed, a lost one is made once.',
        { retryAfterSeconds: 1 },
      );
    }
    release(transaction.runner);
  }

  async rollback(transaction: OpenTransaction, cause?: unknown): Promise<void> {
    if (transaction.runner.isTransactionActive && !transaction.runner.isReleased) {
      await transaction.runner.rollbackTransaction().catch(() => undefined);
    }
    release(transaction.runner, cause);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}

export interface OpenTransaction {
  runner: QueryRunner;
  client: PoolClient;
}

/**
 * Gives the connection back to the pool, or, after an error that may have left it broken (a
 * timeout, a reset, an unknown failure), has the pool discard it rather than hand it out again.
 */
export function release(runner: QueryRunner, cause?: unknown): void {
  const suspect = cause !== undefined && !isCleanStatementError(cause);
  const postgres = runner as QueryRunner & {
    releasePostgresConnection(err?: unknown): Promise<void>;
  };
  void postgres.releasePostgresConnection(suspect ? cause : undefined).catch(() => undefined);
}

function hasSqlState(
  error: unknown,
): error is QueryFailedError & { driverError: { code: string } } {
  return (
    error instanceof QueryFailedError &&
    typeof (error as { driverError?: { code?: unknown } }).driverError?.code === 'string'
  );
}

// Class 08 (connection exception) and 57 (operator intervention: shutdown, cancel, timeout) leave
// the connection, or the statement's outcome, in doubt.
function isConnectionClass(error: QueryFailedError & { driverError: { code: string } }): boolean {
  return /^(08|57)/.test(error.driverError.code);
}

/** A refusal (a business rule, a constraint, bad input) leaves the connection as it was. */
function isCleanStatementError(error: unknown): boolean {
  if (error instanceof DomainException || !(error instanceof Error)) {
    return true;
  }
  return hasSqlState(error) && !isConnectionClass(error);
}
