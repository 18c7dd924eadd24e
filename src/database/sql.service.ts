import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import { assertRequestLive, requestContext } from 'src/database/request-context';

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

  /** On the request's own transaction when it has bound one, else on any pooled connection. */
  async rows<T>(statement: Statement): Promise<T[]> {
    assertRequestLive();
    const on = requestContext.boundTransaction()?.client ?? this.pool();
    return (await query(on, statement)).rows as T[];
  }

  /**
   * On a pooled connection of its own, outside any transaction the request bound: for an event that
   * must be kept whatever became of the request's transaction (the audit of a refusal).
   */
  async rowsOnPool<T>(statement: Statement): Promise<T[]> {
    return (await query(this.pool(), statement)).rows as T[];
  }

  async first<T>(statement: Statement): Promise<T | null> {
    return (await this.rows<T>(statement))[0] ?? null;
  }

  /**
   * Entities from rows PostgreSQL built as JSON (`row_to_json(t)`, `json_agg(t)`), keyed by column
   * name: each value converted as TypeORM converts its own (dates, transformers), so the mappers
   * written for entities serve rows read by one statement with their children.
   */
  entities<T extends ObjectLiteral>(target: EntityTarget<T>, json: unknown): T[] {
    const metadata = this.dataSource.getMetadata(target);
    const driver = this.dataSource.driver;
    return ((json as Record<string, unknown>[] | null) ?? []).map((row) => {
      const entity = metadata.create() as T;
      for (const column of metadata.columns) {
        const value = row[column.databaseName];
        // Arrays arrive as JSON arrays, already parsed (the driver expects PostgreSQL's text form).
        column.setEntityValue(
          entity,
          column.isArray && Array.isArray(value)
            ? value
            : driver.prepareHydratedValue(value ?? null, column),
        );
      }
      return entity;
    });
  }

  entity<T extends ObjectLiteral>(target: EntityTarget<T>, json: unknown): T {
    const [entity] = this.entities(target, [json]);
    return entity as T;
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}

/** One statement; errors wrapped as TypeORM's, so the problem filter maps every path alike. */
export async function query<R extends QueryResultRow = Record<string, unknown>>(
  on: Pool | PoolClient,
  statement: Statement,
): Promise<QueryResult<R>> {
  try {
    return await on.query<R>(statement.text, statement.values);
  } catch (error) {
    throw error instanceof Error
      ? new QueryFailedError(statement.text, statement.values, error)
      : error;
  }
}
