import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { ensureServiceGroup, SERVICE_ROLE, upsertLoginRole } from 'src/database/database-roles';
import { freePort } from 'test/support/free-port';
import { TEST_OWNER, TEST_SERVICE } from 'test/support/test-env';

const ROOT = join(__dirname, '..', '..');

/**
 * A PostgreSQL cluster of one test file's own, on its own port and data directory, that the test
 * may kill or freeze without touching the shared server the other files use in parallel. Run by
 * test/support/private-postgres-harness.js.
 */
export interface PrivateCluster {
  /** The superuser's URL, on the `postgres` database. */
  adminUrl: string;
  /** A database owned by the test owner role, which the app migrates at start. */
  databaseName: string;
  /** kill -9 of the postmaster; resolves once every process of the cluster has gone. */
  kill: () => Promise<void>;
  /** Starts the cluster again on the same data and port (crash recovery after `kill`). */
  start: () => Promise<void>;
  /** SIGSTOP of the postmaster and every process under it. */
  freeze: () => Promise<void>;
  /** SIGCONT of the same. */
  thaw: () => Promise<void>;
  /** Thaws, stops the cluster and deletes its data; safe to call in any state. */
  stop: () => Promise<void>;
}

/** Starts a fresh cluster with the test roles and an empty database for the app. */
export async function startPrivateCluster(databaseName = 'kc_private'): Promise<PrivateCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kc-private-pg-'));
  const port = await freePort();
  const harness = spawn(
    process.execPath,
    [join(ROOT, 'test', 'support', 'private-postgres-harness.js'), dataDir, String(port)],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => harness.once('exit', resolve));
  const command = commander(harness);
  const cluster: PrivateCluster = {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    databaseName,
    kill: () => command('kill'),
    start: () => command('start'),
    freeze: () => command('freeze'),
    thaw: () => command('thaw'),
    stop: async () => {
      if (harness.exitCode === null) {
        await command('stop').catch(() => undefined);
        // Closing stdin ends the harness (and would stop the cluster, had `stop` failed).
        harness.stdin?.end();
      }
      await exited;
    },
  };
  try {
    await command('init');
    await prepare(cluster);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** As test/global-setup.ts does on the shared server: the group, both logins, the database. */
async function prepare(cluster: PrivateCluster): Promise<void> {
  const admin = new Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  try {
    await ensureServiceGroup(admin);
    for (const role of [TEST_OWNER, TEST_SERVICE]) {
      await upsertLoginRole(admin, role.user, role.password);
    }
    await admin.query(`GRANT ${SERVICE_ROLE} TO ${TEST_SERVICE.user}`);
    // Empty: the app migrates it as the owner at start (and so revokes PUBLIC's TEMPORARY).
    await admin.query(`CREATE DATABASE ${cluster.databaseName} OWNER ${TEST_OWNER.user}`);
  } finally {
    await admin.end();
  }
}

/** Sends one command line to the harness and waits for its answer. */
function commander(harness: ChildProcess): (name: string) => Promise<void> {
  const answers = createInterface({ input: harness.stdout as NodeJS.ReadableStream });
  const waiting: ((line: string) => void)[] = [];
  answers.on('line', (line) => waiting.shift()?.(line));
  harness.once('exit', () => waiting.splice(0).forEach((answer) => answer('harness exited')));
  return (name) =>
    new Promise<void>((resolve, reject) => {
      if (harness.exitCode !== null || !harness.stdin?.writable) {
        reject(new Error(`private cluster ${name}: the harness has exited`));
        return;
      }
      waiting.push((line) =>
        line === `ok ${name}` ? resolve() : reject(new Error(`private cluster ${name}: ${line}`)),
      );
      harness.stdin.write(`${name}\n`);
    });
}
