#!/usr/bin/env node
// `npm run migration:run`: applies pending migrations from the built app (dist/) as the schema
// owner: MIGRATION_DATABASE_URL, else DATABASE_URL, or the embedded database in DATA_DIR (as its
// owner role) when DATABASE_URL is unset. The server also does this at start; this is for
// operators who migrate before rolling out.
const path = require('node:path');
const Module = require('node:module');

process.env.NODE_PATH = path.join(__dirname, '..', 'dist');
Module._initPaths();

async function main() {
  const { loadConfig } = require('src/config/app-config');
  const { EmbeddedPostgresService } = require('src/database/embedded-postgres.service');
  const { migrateDatabase } = require('src/database/migrate');

  const config = loadConfig();
  const embedded = new EmbeddedPostgresService(config, { get: () => undefined });
  try {
    const { owner } = await embedded.resolveDatabaseUrls();
    const applied = await migrateDatabase(owner);
    process.stdout.write(
      applied.length ? `applied ${applied.join(', ')}\n` : 'no pending migrations\n',
    );
  } finally {
    await embedded.onApplicationShutdown();
  }
}

main().catch((error) => {
  process.stderr.write(`migration failed: ${error.message}\n`);
  process.exit(1);
});
