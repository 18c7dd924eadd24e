import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from 'migrations/index';
import { SnakeNamingStrategy } from 'src/database/snake-naming.strategy';

// DATE columns stay 'YYYY-MM-DD' strings: a Date would shift birthdays across time zones.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/** One definition shared by the app, the migration script and the test harness. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
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
    },
  };
}
