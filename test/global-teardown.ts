import { Client } from 'pg';
// jest loads this file outside its module map, so relative imports only.
import { TEMPLATE_DATABASE, TEST_OWNER, TEST_SERVICE } from './support/test-env';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __EMBEDDED_PG__?: { stop(): Promise<void> } }).__EMBEDDED_PG__;
  if (server) {
    // Not persistent: stopping deletes the whole throwaway cluster, clones and template alike.
    await server.stop();
    return;
  }
  // A server given by DATABASE_URL outlives the run: each test file dropped its own clones
  // (test/support/drop-test-databases.ts); the template goes here.
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (adminUrl) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
      // The roles go too, unless a clone left behind still holds objects or grants of theirs:
      // the group role only when no other database on the server grants to it.
      for (const role of [TEST_SERVICE.user, TEST_OWNER.user, 'ketamine_clinic_service']) {
        await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      }
    } finally {
      await admin.end();
    }
  }
}
