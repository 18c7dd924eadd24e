import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { assertRequestLive, requestContext } from 'src/database/request-context';

/**
 * TypeORM opens a query runner of its own for every operation of a manager that has none (the
 * injected repositories' reads). Inside a request that has bound a transaction, such an operation
 * is given that transaction's runner instead, so that it sees the request's own uncommitted writes
 * and a request never holds two connections (which, under load, would starve the pool). The
 * runner's release is the request's to do, so the borrowed one cannot release it.
 */
@Injectable()
export class BoundTransactions implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const create = this.dataSource.createQueryRunner.bind(this.dataSource);
    this.dataSource.createQueryRunner = (mode) => {
      assertRequestLive();
      const bound = requestContext.boundTransaction();
      return bound ? borrowed(bound.runner) : create(mode);
    };
  }
}

function borrowed(runner: QueryRunner): QueryRunner {
  return new Proxy(runner, {
    get(target, property) {
      if (property === 'release') {
        return () => Promise.resolve();
      }
      return Reflect.get(target, property, target) as unknown;
    },
  });
}
