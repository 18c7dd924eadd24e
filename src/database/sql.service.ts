import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';

/** A parameterised statement: the text with $n placeholders and their values. */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Plain SQL on the pool, for hot read paths where the ORM costs more than it gives
 * (ARCHITECTURE.md, performance facts): one checkout, one round trip, rows as PostgreSQL sends them.
 * Errors are wrapped as TypeORM's QueryFailedError so the problem filter maps them as it maps
 * every other database error (constraint names, 503 when the database is away).
 */
@Injectable()
export class SqlService {
  constructor(private readonly dataSource: DataSource) {}

  async rows<T>(statement: Statement): Promise<T[]> {
    try {
      const result = await this.pool().query(statement.text, statement.values);
      return result.rows as T[];
    } catch (error) {
      throw error instanceof Error
        ? new QueryFailedError(statement.text, statement.values, error)
        : error;
    }
  }

  async first<T>(statement: Statement): Promise<T | null> {
    return (await this.rows<T>(statement))[0] ?? null;
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}
