import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import request from 'supertest';
import { freePort } from 'test/support/free-port';
import {
  asRole,
  BOOTSTRAP_ADMIN,
  TEMPLATE_DATABASE,
  TEST_JWT_SECRET,
  TEST_OWNER,
  TEST_SERVICE,
  withDatabase,
} from 'test/support/test-env';

export interface TestApp {
  url: string;
  http: () => ReturnType<typeof request>;
  /** A pool on this app's own database, as the admin (superuser), for asserting what was stored. */
  db: Pool;
  databaseName: string;
  /** Everything the server has written to stdout and stderr so far. */
  logs: () => string;
  /** The environment the server was started with (to start another server like it). */
  env: Record<string, string>;
  /** The process's exit code once it has exited (null while it runs, or when killed by a signal). */
  exitCode: () => number | null;
  /** Resolves with the exit code when the process exits. */
  exited: Promise<number | null>;
  /** Sends a signal to the server process without waiting for anything. */
  signal: (signal: NodeJS.Signals) => void;
  /** Sends SIGTERM (if still running), waits for the exit and answers its code. */
  stop: () => Promise<number | null>;
}

export interface StartOptions {
  /** Start on this existing database (e.g. another app's `databaseName`) instead of a fresh clone. */
  databaseName?: string;
  /**
   * Start as `npm start` does on a fresh machine: no DATABASE_URL and no JWT_SECRET, so the server
   * runs its own embedded PostgreSQL in dataDir/pg on this port and keeps its secret in dataDir.
   */
  embedded?: { dataDir: string; port: number };
  /**
   * Start on this database of another PostgreSQL server (test/support/private-postgres.ts) instead
   * of a clone on the shared one: the test roles exist there, and the server migrates it at start.
   */
  cluster?: { adminUrl: string; databaseName: string };
}

/** The embedded server's database (src/database/embedded-postgres.service.ts). */
const EMBEDDED_DATABASE = 'ketamine_clinic';

// Clones made by startTestApp in this test file, dropped once the file's tests are done
// (test/support/drop-test-databases.ts): a server started again on the same clone must find it.
const createdDatabases = new Set<string>();

/** Drops every clone this test file made (FORCE: a server a failed test left running lets go). */
export async function dropCreatedDatabases(): Promise<void> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl || createdDatabases.size === 0) {
    return;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of createdDatabases) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      createdDatabases.delete(name);
    }
  } finally {
    await admin.end();
  }
}

const ROOT = join(__dirname, '..', '..');

/**
 * Starts the built server (`dist/`) as its own process on a fresh clone of the migrated template
 * database, exactly as `npm start` runs it, and waits until it is ready.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestApp> {
  const { embedded, cluster } = options;
  const adminUrl = cluster?.adminUrl ?? process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl) {
    throw new Error(
      'TEST_ADMIN_DATABASE_URL is not set: run the e2e tests through jest (npm test)',
    );
  }
  const databaseName = embedded
    ? EMBEDDED_DATABASE
    : (cluster?.databaseName ??
      options.databaseName ??
      `kc_test_${randomBytes(6).toString('hex')}`);
  if (!options.databaseName && !embedded && !cluster) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(
      `CREATE DATABASE ${databaseName} TEMPLATE ${TEMPLATE_DATABASE} OWNER ${TEST_OWNER.user}`,
    );
    // A database's own privileges are not copied from its template: as the migration did there.
    await admin.query(`REVOKE TEMPORARY ON DATABASE ${databaseName} FROM PUBLIC`);
    await admin.end();
    createdDatabases.add(databaseName);
  }

  const port = await freePort();
  const databaseUrl = embedded
    ? `postgres://postgres:postgres@127.0.0.1:${embedded.port}/${EMBEDDED_DATABASE}`
    : withDatabase(adminUrl, databaseName);
  // As in production: the owner migrates at start, the restricted service login serves.
  let output = '';
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_PATH: join(ROOT, 'dist'),
    NODE_ENV: 'test',
    PORT: String(port),
    ...(embedded
      ? { DATA_DIR: embedded.dataDir, EMBEDDED_PG_PORT: String(embedded.port) }
      : {
          DATABASE_URL: asRole(databaseUrl, TEST_SERVICE),
          MIGRATION_DATABASE_URL: asRole(databaseUrl, TEST_OWNER),
          DATA_DIR: mkdtempSync(join(tmpdir(), 'kc-test-data-')),
          JWT_SECRET: TEST_JWT_SECRET,
        }),
    BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP_ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP_ADMIN.password,
    LOG_LEVEL: 'info',
    DB_POOL_SIZE: '10',
    // Nothing balances load in front of a test server: no need to wait before closing.
    SHUTDOWN_DRAIN_MS: '0',
    ...env,
  };
  const child: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url, exited, () => output);
  const db = new Pool({ connectionString: databaseUrl, max: 4 });
  // A test that stops the database (health) must not crash jest through an idle client's error.
  db.on('error', () => undefined);
  return {
    url,
    http: () => request(url),
    db,
    databaseName,
    logs: () => output,
    env: childEnv,
    exitCode: () => child.exitCode,
    exited,
    signal: (signal) => {
      child.kill(signal);
    },
    stop: async () => {
      if (!db.ended) {
        await db.end();
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      return exited;
    },
  };
}

async function waitUntilReady(
  url: string,
  exited: Promise<number | null>,
  logs: () => string,
): Promise<void> {
  let stopped = false;
  void exited.then(() => (stopped = true));
  // A first start in embedded mode runs initdb, which takes a while on a busy machine.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (stopped) {
      throw new Error(`server exited during start:\n${logs()}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not become ready:\n${logs()}`);
}
