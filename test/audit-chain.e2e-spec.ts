import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { auth, loginAsRootAdmin, newClinic, newPatient, newStaff } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

const ZERO_LINK = Buffer.alloc(32);

interface Chain {
  clinicId: string | null;
  intact: boolean;
  complete: boolean;
  from: { seq: number; link: string };
  linksVerified: number;
  head: { seq: number; link: string };
  pendingEvents: number;
  firstBreak: {
    clinicId: string | null;
    seq: number | null;
    eventId: string;
    reason: string;
  } | null;
}

/** The one chain of a report asked for one clinic. */
function onlyChain(body: { chains?: Chain[] }): Chain {
  const [chain] = body.chains ?? [];
  if (!chain) {
    throw new Error(`no chain in ${JSON.stringify(body)}`);
  }
  return chain;
}

/** Polls until `check` holds (a state to reach, not a time to meet); throws if it never does. */
async function until<T>(
  what: string,
  probe: () => Promise<T>,
  check: (t: T) => boolean,
): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await probe();
    if (check(value)) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never reached: ${what}`);
}

// Issue 11 point 6: tamper evidence. Every audit event is sealed into a SHA-256 chain per clinic
// (migrations/1763700640000-AuditChain.ts); GET /audit-events/verify reports the first break.
describe('audit chain (tamper evidence)', () => {
  let app: TestApp;
  let root: string;

  beforeAll(async () => {
    app = await startTestApp({ AUDIT_SEAL_INTERVAL_MS: '50' });
    root = await loginAsRootAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const verify = (token: string, clinicId?: string) =>
    app
      .http()
      .get('/api/v1/audit-events/verify')
      .query(clinicId ? { clinicId } : {})
      .set(auth(token));

  /** The clinic's chain once everything written so far is sealed. */
  const sealed = async (clinicId: string): Promise<Chain> => {
    const response = await until(
      `the audit events of ${clinicId} sealed`,
      () => verify(root, clinicId),
      (r) => r.status !== 200 || onlyChain(r.body).pendingEvents === 0,
    );
    expect(response.status).toBe(200);
    return onlyChain(response.body);
  };

  /**
   * Waits, reading the database, until nothing of the clinic waits to be sealed (verify itself is
   * audited, so polling verify would always leave its own last event behind).
   */
  const settled = (clinicId: string) =>
    until(
      `the audit events of ${clinicId} sealed`,
      async () =>
        (
          await app.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM audit_events e, audit_chain_watermark w
              WHERE e.clinic_id = $1 AND (e.tx, e.occurred_at, e.id) > (w.tx, w.occurred_at, w.id)`,
            [clinicId],
          )
        ).rows[0]?.n,
      (n) => n === 0,
    );

  /** A clinic with a few patients written and read: a chain of some length. */
  const clinicWithTrail = async (): Promise<{ clinicId: string; events: string[] }> => {
    const { id: clinicId } = await newClinic(app, root);
    for (let i = 0; i < 3; i += 1) {
      const patient = await newPatient(app, root, { clinicId });
      await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(root)).expect(200);
    }
    await sealed(clinicId);
    const { rows } = await app.db.query<{ event_id: string }>(
      `SELECT event_id FROM audit_chain WHERE chain_key = $1 ORDER BY seq`,
      [clinicId],
    );
    return { clinicId, events: rows.map((r) => r.event_id) };
  };

  /** Runs `sql` as the superuser with the append-only trigger of `table` switched off. */
  const tamper = async (table: string, sql: string, values: unknown[]): Promise<void> => {
    const client = await app.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await client.query(sql, values);
      await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  it('should seal every event of a clinic in commit order, each link the hash of the one before and the event', async () => {
    const { clinicId } = await clinicWithTrail();
    await settled(clinicId);
    const { rows } = await app.db.query<{
      seq: string;
      link: Buffer;
      canonical: string;
      event_id: string;
    }>(
      `SELECT c.seq, c.link, c.event_id, audit_event_canonical(e) AS canonical
         FROM audit_chain c JOIN audit_events e ON e.id = c.event_id
        WHERE c.chain_key = $1 ORDER BY c.seq`,
      [clinicId],
    );
    const { rows: events } = await app.db.query<{ id: string }>(
      `SELECT id FROM audit_events WHERE clinic_id = $1 ORDER BY tx, occurred_at, id`,
      [clinicId],
    );
    // Creates, reads and the lists of each create's follow-through: one link per event, in order.
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.id));
    expect(rows.map((r) => Number(r.seq))).toEqual(events.map((_, i) => i + 1));
    let previous = ZERO_LINK;
    for (const row of rows) {
      const link = createHash('sha256')
        .update(
          Buffer.concat([previous, createHash('sha256').update(row.canonical, 'utf8').digest()]),
        )
        .digest();
      expect(row.link.equals(link)).toBe(true);
      previous = link;
    }
    const chain = onlyChain((await verify(root, clinicId).expect(200)).body);
    expect(chain).toEqual({
      clinicId,
      intact: true,
      from: { seq: 0, link: ZERO_LINK.toString('hex') },
      linksVerified: rows.length,
      head: { seq: rows.length, link: previous.toString('hex') },
      complete: true,
      pendingEvents: 0,
      firstBreak: null,
    });
  });

  it("should report every chain of the admin's clinics and the clinic-less one, and audit the verification", async () => {
    const { clinicId } = await clinicWithTrail();
    const admin = await newStaff(app, root, 'admin', [clinicId]);
    const response = await verify(admin.token).expect(200);
    expect(response.body).toMatchObject({ intact: true, firstBreak: null });
    expect(Date.parse(response.body.verifiedAt as string)).not.toBeNaN();
    expect((response.body.chains as Chain[]).map((c) => c.clinicId)).toEqual([clinicId, null]);
    const { rows } = await app.db.query(
      `SELECT clinic_id, action::text, action_name, resource_type, details FROM audit_events
        WHERE actor_id = $1 AND action_name = 'verify_audit_chain' ORDER BY clinic_id NULLS LAST`,
      [admin.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({ clinic_id: clinicId, resource_type: 'AuditChain' }),
      expect.objectContaining({ clinic_id: null, resource_type: 'AuditChain' }),
    ]);
  });

  it('should report an altered event as the first break, with its link, and leave other clinics intact', async () => {
    const altered = await clinicWithTrail();
    const untouched = await clinicWithTrail();
    const victim = altered.events[2] as string;
    await tamper('audit_events', `UPDATE audit_events SET actor_id = NULL WHERE id = $1`, [victim]);

    const response = await verify(root).expect(200);
    const chains = response.body.chains as Chain[];
    const broken = chains.find((c) => c.clinicId === altered.clinicId) as Chain;
    const expectedBreak = {
      clinicId: altered.clinicId,
      seq: 3,
      eventId: victim,
      reason: 'event_altered',
    };
    expect(broken).toMatchObject({
      intact: false,
      linksVerified: 2,
      head: { seq: 2 },
      firstBreak: expectedBreak,
    });
    expect(response.body.intact).toBe(false);
    expect(response.body.firstBreak).toEqual(expectedBreak);
    expect(chains.find((c) => c.clinicId === untouched.clinicId)).toMatchObject({
      intact: true,
      firstBreak: null,
    });
  });

  it('should verify from the last link sealed before `since`, so a kept head can be checked against it', async () => {
    const { clinicId, events } = await clinicWithTrail();
    await settled(clinicId);
    const before = onlyChain((await verify(root, clinicId).expect(200)).body);
    await settled(clinicId);
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const patient = await newPatient(app, root, { clinicId });
    await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(root)).expect(200);
    await settled(clinicId);
    // Altered before `since`: outside this walk, found by the full one.
    await tamper('audit_events', `UPDATE audit_events SET request_id = 'forged' WHERE id = $1`, [
      events[0],
    ]);
    const { rows } = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_chain WHERE chain_key = $1 AND sealed_at >= $2`,
      [clinicId, since],
    );
    const recent = onlyChain(
      (await verify(root, clinicId).query({ clinicId, since: since.toISOString() }).expect(200))
        .body,
    );
    // The walk starts where the earlier report's chain ended (its own audit event included).
    expect(recent.from.seq).toBe(before.head.seq + 1);
    expect(recent).toMatchObject({ intact: true, linksVerified: rows[0]?.n, firstBreak: null });
    expect(recent.head.seq).toBe(recent.from.seq + (rows[0]?.n ?? 0));
    const full = onlyChain((await verify(root, clinicId).expect(200)).body);
    expect(full.firstBreak).toEqual({
      clinicId,
      seq: 1,
      eventId: events[0],
      reason: 'event_altered',
    });
    expect(full).toMatchObject({
      linksVerified: 0,
      head: { seq: 0, link: ZERO_LINK.toString('hex') },
    });
  });

  it('should walk a long chain over pages, each starting where the last stopped, and refuse a forged cursor', async () => {
    const { clinicId } = await clinicWithTrail();
    await settled(clinicId);
    const page = (cursor?: string) =>
      verify(root, clinicId)
        // One chain: it has the whole limit.
        .query({ clinicId, limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
    const first = await page();
    expect(first.body).toMatchObject({ intact: true, complete: false, firstBreak: null });
    expect(onlyChain(first.body)).toMatchObject({
      from: { seq: 0 },
      head: { seq: 2 },
      linksVerified: 2,
    });
    const second = await page(first.body.next as string);
    expect(onlyChain(second.body)).toMatchObject({
      from: onlyChain(first.body).head,
      head: { seq: 4 },
      linksVerified: 2,
    });
    let last = second;
    for (let guard = 0; last.body.next && guard < 50; guard += 1) {
      last = await page(last.body.next as string);
    }
    // Each page's own audit event lengthens the chain; the walk still catches up with it.
    expect(last.body).toMatchObject({ intact: true, complete: true, next: null });

    // A cursor whose link is not the chain's at that place: the chain moved under the walk.
    const forged = Buffer.from(JSON.stringify([clinicId, 2, 'ab'.repeat(32)])).toString(
      'base64url',
    );
    const moved = onlyChain((await page(forged)).body);
    expect(moved).toMatchObject({
      intact: false,
      linksVerified: 0,
      firstBreak: { seq: 2, reason: 'event_altered' },
    });
    expectProblem(await verify(root, clinicId).query({ cursor: 'nope' }), 400, 'INVALID_CURSOR');
    expectProblem(await verify(root, clinicId).query({ limit: 0 }), 400, 'VALIDATION_FAILED');
  });

  it('should report a deleted event as event_missing and a deleted link as chain_gap', async () => {
    const missing = await clinicWithTrail();
    await tamper('audit_events', `DELETE FROM audit_events WHERE id = $1`, [missing.events[1]]);
    const gap = await clinicWithTrail();
    await tamper('audit_chain', `DELETE FROM audit_chain WHERE event_id = $1`, [gap.events[3]]);

    const first = onlyChain((await verify(root, missing.clinicId).expect(200)).body);
    expect(first.firstBreak).toEqual({
      clinicId: missing.clinicId,
      seq: 2,
      eventId: missing.events[1],
      reason: 'event_missing',
    });
    const second = onlyChain((await verify(root, gap.clinicId).expect(200)).body);
    expect(second.firstBreak).toEqual({
      clinicId: gap.clinicId,
      seq: 4,
      eventId: gap.events[4],
      reason: 'chain_gap',
    });
  });

  it('should report an event written in behind the sealer (back-dated past the watermark) as event_unchained', async () => {
    const { clinicId } = await clinicWithTrail();
    // As if inserted with the sealer's work faked: an event of a transaction older than the mark.
    const { rows } = await app.db.query<{ id: string }>(
      `INSERT INTO audit_events (clinic_id, action, resource_type, tx, occurred_at)
       VALUES ($1, 'read', 'Patient', '1', now() - interval '1 day') RETURNING id`,
      [clinicId],
    );
    const chain = onlyChain((await verify(root, clinicId).expect(200)).body);
    expect(chain).toMatchObject({
      intact: false,
      firstBreak: { clinicId, seq: null, eventId: rows[0]?.id, reason: 'event_unchained' },
    });
  });

  it("should not let the service's own connection rewrite a link, drop one, or move the watermark back", async () => {
    const { clinicId } = await clinicWithTrail();
    const service = new Client({ connectionString: app.env.DATABASE_URL });
    await service.connect();
    try {
      const refused = async (sql: string, values: unknown[] = []) => {
        await service.query('BEGIN');
        try {
          await service.query(sql, values);
          return null;
        } catch (error) {
          return (error as Error).message;
        } finally {
          await service.query('ROLLBACK');
        }
      };
      expect(
        await refused(`UPDATE audit_chain SET link = link WHERE chain_key = $1`, [clinicId]),
      ).toMatch(/permission denied for table audit_chain/);
      expect(await refused(`DELETE FROM audit_chain WHERE chain_key = $1`, [clinicId])).toMatch(
        /permission denied for table audit_chain/,
      );
      expect(await refused(`TRUNCATE audit_chain`)).toMatch(
        /permission denied for table audit_chain/,
      );
      expect(await refused(`ALTER TABLE audit_chain DISABLE TRIGGER ALL`)).toMatch(/must be owner/);
      expect(await refused(`UPDATE audit_chain_watermark SET tx = '0'`)).toMatch(
        /the audit chain watermark only moves forward/,
      );
      expect(await refused(`DELETE FROM audit_chain_watermark`)).toMatch(/permission denied/);
    } finally {
      await service.end();
    }
    expect(onlyChain((await verify(root, clinicId).expect(200)).body).intact).toBe(true);
  });

  it('should seal every event exactly once while two instances seal and requests write in parallel', async () => {
    const second = await startTestApp(
      { AUDIT_SEAL_INTERVAL_MS: '10' },
      { databaseName: app.databaseName },
    );
    try {
      const { id: clinicId } = await newClinic(app, root);
      const token = root;
      await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const on = i % 2 === 0 ? app : second;
          const patient = await newPatient(on, token, { clinicId });
          await on.http().get(`/api/v1/patients/${patient.id}`).set(auth(token)).expect(200);
        }),
      );
      await settled(clinicId);
      const { rows } = await app.db.query<{ events: number; links: number; distinct_seqs: number }>(
        `SELECT (SELECT count(*)::int FROM audit_events WHERE clinic_id = $1) AS events,
                (SELECT count(*)::int FROM audit_chain WHERE chain_key = $1) AS links,
                (SELECT count(DISTINCT seq)::int FROM audit_chain WHERE chain_key = $1) AS distinct_seqs`,
        [clinicId],
      );
      expect(rows[0]?.events).toBeGreaterThanOrEqual(48);
      expect(rows[0]).toEqual({
        events: rows[0]?.events,
        links: rows[0]?.events,
        distinct_seqs: rows[0]?.events,
      });
      const chain = onlyChain((await verify(root, clinicId).expect(200)).body);
      expect(chain).toMatchObject({ intact: true, linksVerified: rows[0]?.events });
    } finally {
      await second.stop();
    }
  });

  it("should be for admins only, and answer 404 for another clinic's chain", async () => {
    const mine = await newClinic(app, root);
    const theirs = await newClinic(app, root);
    const admin = await newStaff(app, root, 'admin', [mine.id]);
    const clinician = await newStaff(app, root, 'clinician', [mine.id]);
    expectProblem(await verify(clinician.token), 403, 'FORBIDDEN');
    expectProblem(await verify(admin.token, theirs.id), 404, 'CLINIC_NOT_FOUND');
    expectProblem(await app.http().get('/api/v1/audit-events/verify'), 401, 'UNAUTHENTICATED');
    expectProblem(
      await app.http().get('/api/v1/audit-events/verify?clinicId=nope').set(auth(admin.token)),
      400,
      'VALIDATION_FAILED',
    );
  });
});
