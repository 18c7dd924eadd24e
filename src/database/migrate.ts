import { DataSource } from 'typeorm';
import { dataSourceOptions } from 'src/database/data-source-options';

/**
 * Applies the pending migrations on a connection of its own, as the role in `url` (the schema
 * owner), and closes it: the server's pool then serves as the service role. Shared by the server's
 * start, `npm run migration:run` and the seed. Answers the names applied.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
