import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** The one way services open a transaction: repositories take the EntityManager it hands out. */
@Injectable()
export class TransactionService {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(
    work: (manager: EntityManager) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    // READ COMMITTED is PostgreSQL's default: naming it would cost TypeORM a second round trip
    // (START TRANSACTION, then SET TRANSACTION ISOLATION LEVEL) on every write.
    return isolation === 'READ COMMITTED'
      ? this.dataSource.transaction(work)
      : this.dataSource.transaction(isolation, work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
