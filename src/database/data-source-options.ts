import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from 'migrations/index';
import type { DatabaseTimeouts } from 'src/config/app-config';
import { SnakeNamingStrategy } from 'src/database/snake-naming.strategy';

// DATE columns stay 'YYYY-MM-DD' strings: a Date would shift birthdays across time zones.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

// How long past the server's own statement_timeout the client gives up on a statement: a frozen or
// unreachable server never sends the cancellation, so the client must stop waiting by itself.
const CLIENT_GRACE_MS = 2000;

/**
 * One definition shared by the app, the migration script and the test harness. The service passes
 * its timeouts; migrations and scripts run without them (an index build may take minutes).
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  timeouts?: DatabaseTimeouts,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: poolSize,
      // A stopped database must turn into a quick 503, not a hung request.
      connectionTimeoutMillis: 3000,
      application_name: 'ketamine-clinic-api',
      ...(timeouts && {
        statement_timeout: timeouts.statementMs,
        lock_timeout: timeouts.lockMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
        query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
        // A backend whose client has gone (a request cut at its deadline) stops waiting for a lock
        // or running its statement within a second, instead of holding its locks until it ends.
        options: '-c client_connection_check_interval=1000',
      }),
    },
  };
}
