import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from 'src/database/data-source-options';

/** One advisory lock for every instance of this app: whoever holds it is migrating the database. */
export const MIGRATION_LOCK_NAME = 'ketamine-clinic-api:migrations';

/**
 * Applies the pending migrations on a connection of its own, as the role in `url` (the schema
 * owner), and closes it: the server's pool then serves as the service role. Shared by the server's
 * start, `npm run migration:run` and the seed. Answers the names applied.
 *
 * Several instances starting at once would otherwise all find the same migrations pending and run
 * them together (TypeORM takes no lock). A session advisory lock, held on one more connection for
 * the whole run, makes the others wait; each then finds nothing left to do. The lock goes with its
 * connection, so an instance that dies while migrating does not keep the others waiting.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const lock = new Client({
    connectionString: url,
    application_name: 'ketamine-clinic-api migrations',
  });
  // An idle client that loses its connection emits 'error'; unheard, it would end the process.
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [MIGRATION_LOCK_NAME]);
    const dataSource = new DataSource(dataSourceOptions(url, 1));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    // Closing the connection releases the lock (and a failure to close must not hide the result).
    await lock.end().catch(() => undefined);
  }
}
