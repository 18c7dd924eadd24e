import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth, loginAsRootAdmin, newClinic } from 'test/support/fixtures';
import { freePort } from 'test/support/free-port';
import { startTestApp, TestApp } from 'test/support/test-app';

interface Answer {
  status: number;
  body: string;
}

/**
 * A POST whose headers and first half of the body are sent now and whose rest is sent by
 * `finish()`: the server is then in the middle of this request, as a slow client keeps it.
 */
function halfSentPost(url: string, path: string, token: string, body: object) {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const req = httpRequest(`${url}${path}`, {
    method: 'POST',
    agent: false,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': String(payload.length),
      Authorization: `Bearer ${token}`,
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
  });
  req.flushHeaders();
  req.write(payload.subarray(0, half));
  return { answer, finish: () => req.end(payload.subarray(half)) };
}

/** Whether the server still accepts new TCP connections. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// README "Running": with DATABASE_URL unset, `npm start` runs an embedded PostgreSQL in DATA_DIR,
// kept across restarts and stopped by the app's own shutdown only.
describe('embedded PostgreSQL mode (no DATABASE_URL)', () => {
  let dataDir: string;
  let pgPort: number;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kc-embedded-'));
    // PostgreSQL runs as the postgres user and must be able to reach DATA_DIR/pg.
    chmodSync(dataDir, 0o755);
    pgPort = await freePort();
  });

  it('should finish the requests in flight on SIGTERM, exit 0, and keep its data and JWT secret across a restart', async () => {
    const first: TestApp = await startTestApp({}, { embedded: { dataDir, port: pgPort } });
    let second: TestApp | undefined;
    try {
      const token = await loginAsRootAdmin(first);
      const clinic = await newClinic(first, token);
      const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8');

      // It made its own roles (README "Database roles"): the owner holds the schema, the requests
      // run as the restricted login.
      const roles = await first.db.query<{ serving: string[]; owners: string[] }>(
        `SELECT (SELECT array_agg(DISTINCT usename::text) FROM pg_stat_activity
                  WHERE application_name = 'ketamine-clinic-api') AS serving,
                (SELECT array_agg(DISTINCT pg_get_userbyid(relowner)::text) FROM pg_class
                  WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') AS owners`,
      );
      expect(roles.rows[0]).toEqual({
        serving: ['ketamine_clinic_api'],
        owners: ['ketamine_clinic_owner'],
      });
      expect(first.logs()).toContain(
        'serving as database role \\"ketamine_clinic_api\\" (DML only)',
      );

      // 20 clients each in the middle of creating a patient when SIGTERM arrives.
      const posts = Array.from({ length: 20 }, (_, i) =>
        halfSentPost(first.url, '/api/v1/patients', token, {
          clinicId: clinic.id,
          firstName: 'Draining',
          lastName: `Client${i}`,
          dateOfBirth: '1980-01-01',
          sexAtBirth: 'female',
        }),
      );
      // One full round trip after them: the server has read the 20 requests' headers by now.
      expect((await first.http().get('/health/live')).status).toBe(200);
      await first.db.end();

      first.signal('SIGTERM');
      // Shutdown has begun once the server stops taking new connections; only then finish.
      let stillAccepting = true;
      for (let i = 0; i < 300 && stillAccepting; i += 1) {
        stillAccepting = await accepts(first.url);
        if (stillAccepting) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(stillAccepting).toBe(false);
      for (const post of posts) {
        post.finish();
      }
      const answers = await Promise.all(posts.map((post) => post.answer));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
      expect(await first.exited).toBe(0);
      expect(first.logs()).toContain('embedded PostgreSQL stopped');

      second = await startTestApp({}, { embedded: { dataDir, port: pgPort } });
      expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
      // The token issued before the restart is still good, and what was written is still there.
      const kept = await second.http().get(`/api/v1/clinics/${clinic.id}`).set(auth(token));
      expect(kept.status).toBe(200);
      expect(kept.body).toMatchObject({ id: clinic.id, code: clinic.code });
      const { rows } = await second.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM patients WHERE clinic_id = $1 AND first_name = 'Draining'",
        [clinic.id],
      );
      expect(rows[0]?.n).toBe(20);
      expect(await second.stop()).toBe(0);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });
});
