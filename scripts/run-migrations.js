#!/usr/bin/env node
// `npm run migration:run`: applies pending migrations from the built app (dist/) to DATABASE_URL,
// or to the embedded database in DATA_DIR when DATABASE_URL is unset. The server also does this
// at start; this is for operators who migrate before rolling out.
const path = require('node:path');
const Module = require('node:module');

process.env.NODE_PATH = path.join(__dirname, '..', 'dist');
Module._initPaths();

async function main() {
  const { loadConfig } = require('src/config/app-config');
  const { EmbeddedPostgresService } = require('src/database/embedded-postgres.service');
  const { dataSourceOptions } = require('src/database/data-source-options');
  const { DataSource } = require('typeorm');

  const config = loadConfig();
  const embedded = new EmbeddedPostgresService(config, { get: () => undefined });
  const dataSource = new DataSource(dataSourceOptions(await embedded.resolveDatabaseUrl()));
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      applied.length
        ? `applied ${applied.map((m) => m.name).join(', ')}\n`
        : 'no pending migrations\n',
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded.onApplicationShutdown();
  }
}

main().catch((error) => {
  process.stderr.write(`migration failed: ${error.message}\n`);
  process.exit(1);
});
