import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { actorOf } from 'test/support/in-app';
import { ClinicWorld, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import {
  action,
  newChair,
  newLot,
  newSessionReadyToStart,
  normalVitals,
  setClinicSettings,
  rewindStart,
} from 'test/support/sessions.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';
import { BOOTSTRAP_ADMIN, TEST_JWT_SECRET, withDatabase } from 'test/support/test-env';

interface Outcome {
  results: (
    | { ok: Record<string, unknown> }
    | {
        error: {
          code: string;
          status: number;
          extras: { failedChecks?: { check: string }[] } | null;
        };
      }
  )[];
  seen: {
    discharged: {
      sessionId: string;
      patientId: string;
      planId: string;
      clinicId: string;
      statusSeen: string;
    }[];
    checks: { sessionId: string; patientId: string; inTransaction: boolean }[];
  };
}

async function runInApp(app: TestApp, input: Record<string, unknown>): Promise<Outcome> {
  const root = join(__dirname, '..');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'test', 'support', 'sessions-in-app-harness.js'), JSON.stringify(input)],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(root, 'dist'),
        NODE_ENV: 'test',
        DATABASE_URL: withDatabase(process.env.TEST_ADMIN_DATABASE_URL as string, app.databaseName),
        JWT_SECRET: TEST_JWT_SECRET,
        BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP_ADMIN.email,
        BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP_ADMIN.password,
        LOG_LEVEL: 'silent',
        DB_POOL_SIZE: '2',
      },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  const marker = stdout.lastIndexOf('@@RESULTS@@');
  return JSON.parse(stdout.slice(marker + '@@RESULTS@@'.length)) as Outcome;
}

// contracts.md: SessionHooks and SessionsService.getSessionRef, exercised in the built app.
describe('sessions contract (SessionHooks, SessionsService.getSessionRef)', () => {
  let app: TestApp;
  let world: ClinicWorld;
  let other: ClinicWorld;
  let lotId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    other = await newClinicWorld(app, root);
    await setClinicSettings(app, world, { maxPatientsPerNurse: 20, minRecoveryMinutes: 0 });
    lotId = await newLot(app, world);
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  /** Started, ended and with recovery vitals: ready for discharge. */
  async function inRecovery() {
    const s = await newSessionReadyToStart(app, world, await newChair(app, world));
    await action(app, world.staff.nurse.token, s.sessionId, 'start', { lotId, drawnMg: 36.2 });
    await rewindStart(app, s.sessionId);
    await action(app, world.staff.nurse.token, s.sessionId, 'end', { administeredMg: 36.2 });
    await action(app, world.staff.nurse.token, s.sessionId, 'vitals', normalVitals);
    return s;
  }

  it('should give a session ref in scope and 404 outside it', async () => {
    const s = await newSessionReadyToStart(app, world, await newChair(app, world));
    const out = await runInApp(app, {
      blockPatients: [],
      failDischargeOf: [],
      calls: [
        {
          call: 'getSessionRef',
          actor: actorOf(world.staff.nurse, [world.clinicId]),
          sessionId: s.sessionId,
        },
        {
          call: 'getSessionRef',
          actor: actorOf(world.staff.nurse, [world.clinicId]),
          sessionId: s.sessionId,
          withManager: true,
        },
        {
          call: 'getSessionRef',
          actor: actorOf(other.staff.nurse, [other.clinicId]),
          sessionId: s.sessionId,
        },
      ],
    });
    const expected = {
      id: s.sessionId,
      clinicId: world.clinicId,
      patientId: s.patientId,
      planId: s.planId,
      status: 'checked_in',
      dischargedAt: null,
    };
    expect(out.results[0]).toEqual({ ok: expected });
    expect(out.results[1]).toEqual({ ok: expected });
    expect(out.results[2]).toEqual({
      error: expect.objectContaining({ code: 'SESSION_NOT_FOUND', status: 404 }),
    });
  }, 60_000);

  it('should run registered pre-infusion checks in the gate and list their failures', async () => {
    const blocked = await newSessionReadyToStart(app, world, await newChair(app, world));
    const fine = await newSessionReadyToStart(app, world, await newChair(app, world));
    const actor = actorOf(world.staff.clinician, [world.clinicId]);
    const out = await runInApp(app, {
      blockPatients: [blocked.patientId],
      failDischargeOf: [],
      calls: [
        { call: 'start', actor, sessionId: blocked.sessionId, body: { lotId } },
        { call: 'start', actor, sessionId: fine.sessionId, body: { lotId } },
      ],
    });
    expect(out.results[0]).toEqual({
      error: expect.objectContaining({
        code: 'PRE_INFUSION_GATE_FAILED',
        status: 422,
        extras: {
          failedChecks: [expect.objectContaining({ check: 'UNREVIEWED_SUICIDE_RISK_ALERT' })],
        },
      }),
    });
    expect(out.results[1]).toEqual({ ok: expect.objectContaining({ status: 'in_progress' }) });
    expect(out.seen.checks.map((c) => [c.sessionId, c.patientId, c.inTransaction])).toEqual([
      [blocked.sessionId, blocked.patientId, true],
      [fine.sessionId, fine.patientId, true],
    ]);
  }, 60_000);

  it('should run onDischarged handlers in the discharge transaction; a throw rolls the discharge back', async () => {
    const ok = await inRecovery();
    const failing = await inRecovery();
    const actor = actorOf(world.staff.clinician, [world.clinicId]);
    const body = { orientationConfirmed: true, escortPresent: true };
    const out = await runInApp(app, {
      blockPatients: [],
      failDischargeOf: [failing.patientId],
      calls: [
        { call: 'discharge', actor, sessionId: ok.sessionId, body },
        { call: 'discharge', actor, sessionId: failing.sessionId, body },
      ],
    });
    expect(out.results[0]).toEqual({ ok: expect.objectContaining({ status: 'discharged' }) });
    expect(out.results[1] && 'error' in out.results[1]).toBe(true);
    expect(out.seen.discharged).toEqual([
      expect.objectContaining({
        sessionId: ok.sessionId,
        patientId: ok.patientId,
        planId: ok.planId,
        clinicId: world.clinicId,
        statusSeen: 'discharged',
      }),
      expect.objectContaining({ sessionId: failing.sessionId, statusSeen: 'discharged' }),
    ]);
    const { rows } = await app.db.query(
      `SELECT id, status, discharged_at FROM infusion_sessions WHERE id = ANY($1) ORDER BY id`,
      [[ok.sessionId, failing.sessionId]],
    );
    const byId = new Map((rows as { id: string; status: string }[]).map((r) => [r.id, r.status]));
    expect(byId.get(ok.sessionId)).toBe('discharged');
    expect(byId.get(failing.sessionId)).toBe('recovery');
    const progress = await app.db.query(
      `SELECT session_id FROM treatment_plan_infusions WHERE session_id = ANY($1)`,
      [[ok.sessionId, failing.sessionId]],
    );
    expect((progress.rows as { session_id: string }[]).map((r) => r.session_id)).toEqual([
      ok.sessionId,
    ]);
  }, 60_000);
});
