import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestApp } from 'test/support/test-app';
import { BOOTSTRAP_ADMIN, TEST_JWT_SECRET, withDatabase } from 'test/support/test-env';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

export type InAppResult<T = unknown> =
  { ok: T } | { error: { code: string; status: number; message: string } };

/**
 * Calls exported service methods (contracts other modules use, e.g. recordInfusionCompleted) in
 * the built app, in a separate process on the test app's database. Returns one result per call.
 */
export async function callInApp(
  app: TestApp,
  calls: Record<string, unknown>[],
): Promise<InAppResult[]> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL as string;
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'test', 'support', 'in-app-harness.js'), JSON.stringify(calls)],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(ROOT, 'dist'),
        NODE_ENV: 'test',
        DATABASE_URL: withDatabase(adminUrl, app.databaseName),
        JWT_SECRET: TEST_JWT_SECRET,
        BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP_ADMIN.email,
        BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP_ADMIN.password,
        LOG_LEVEL: 'silent',
        SHUTDOWN_DRAIN_MS: '0',
        DB_POOL_SIZE: '2',
      },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  const marker = stdout.lastIndexOf('@@RESULTS@@');
  if (marker < 0) {
    throw new Error(`in-app harness gave no results:\n${stdout}`);
  }
  return JSON.parse(stdout.slice(marker + '@@RESULTS@@'.length)) as InAppResult[];
}

export function actorOf(staff: { id: string; email: string; role: string }, clinicIds: string[]) {
  return {
    userId: staff.id,
    email: staff.email,
    role: staff.role,
    clinicIds,
    requestId: 'in-app-test',
    clientIp: null,
  };
}
