import { QueryRunner } from 'typeorm';
import { BaselineScoresNamedScales1763700400001 } from 'migrations/1763700400001-BaselineScoresNamedScales';
import { ClinicWorld, loginAsRootAdmin, newClinicWorld, newPatient } from 'test/support/fixtures';
import { newActivePlan, newScreening, signScreening } from 'test/support/plans.fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

jest.setTimeout(60_000);

// The clinical record of plans and screenings is append-only in the database itself (issue 3).
describe('append-only plan history and signed screenings (SQL level)', () => {
  let app: TestApp;
  let world: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    world = await newClinicWorld(app, await loginAsRootAdmin(app));
  });
  afterAll(async () => {
    await app.stop();
  });

  const count = async (sql: string, id: string) =>
    (await app.db.query(sql, [id])).rows[0].n as number;

  it('should refuse to change or delete plan versions and lifecycle events, or truncate them', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const plan = await newActivePlan(app, world, patient.id);
    const versions = 'SELECT count(*)::int AS n FROM treatment_plan_versions WHERE plan_id = $1';
    const events = 'SELECT count(*)::int AS n FROM treatment_plan_events WHERE plan_id = $1';
    const before = [await count(versions, plan.id), await count(events, plan.id)];
    for (const sql of [
      'UPDATE treatment_plan_versions SET goals = $2 WHERE plan_id = $1',
      'UPDATE treatment_plan_events SET reason = $2 WHERE plan_id = $1',
    ]) {
      await expect(app.db.query(sql, [plan.id, '[]'])).rejects.toThrow(/append-only/);
    }
    for (const sql of [
      'DELETE FROM treatment_plan_versions WHERE plan_id = $1',
      'DELETE FROM treatment_plan_events WHERE plan_id = $1',
      // The cascade from the plan would erase its history: it fails instead.
      'DELETE FROM treatment_plans WHERE id = $1',
    ]) {
      await expect(app.db.query(sql, [plan.id])).rejects.toThrow(/append-only/);
    }
    for (const table of ['treatment_plan_versions', 'treatment_plan_events']) {
      await expect(app.db.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
    }
    expect([await count(versions, plan.id), await count(events, plan.id)]).toEqual(before);
    expect(before.every((n) => n >= 1)).toBe(true);
  });

  it('should refuse to change or delete a signed screening, but let an unsigned one be signed', async () => {
    const token = world.staff.clinician.token;
    const patient = await newPatient(app, token);
    const signed = await newScreening(app, token, patient.id);
    await signScreening(app, token, patient.id, signed.id, { rationale: 'Meets TRD criteria' });
    await expect(
      app.db.query(`UPDATE screenings SET decision = 'ineligible' WHERE id = $1`, [signed.id]),
    ).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM screenings WHERE id = $1', [signed.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(app.db.query('TRUNCATE screenings CASCADE')).rejects.toThrow(/append-only/);
    const row = await app.db.query(
      'SELECT decision, sign_rationale FROM screenings WHERE id = $1',
      [signed.id],
    );
    expect(row.rows).toEqual([{ decision: 'eligible', sign_rationale: 'Meets TRD criteria' }]);
    // Before signing a screening is not yet a decision: signing (an UPDATE) stays possible.
    const unsigned = await newScreening(app, token, patient.id);
    const again = await signScreening(app, token, patient.id, unsigned.id);
    expect(again.signedAt).toEqual(expect.any(String));
  });

  it('should refuse a new signature without a rationale in the database too', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    await expect(
      app.db.query('UPDATE screenings SET signed_at = now(), signed_by = $2 WHERE id = $1', [
        screening.id,
        world.staff.clinician.id,
      ]),
    ).rejects.toThrow(/screenings_signed_with_rationale/);
  });

  it('should rewrite free-text baseline scale names that mean a known scale (§5)', async () => {
    const patient = await newPatient(app, world.staff.clinician.token);
    const screening = await newScreening(app, world.staff.clinician.token, patient.id);
    await app.db.query('UPDATE screenings SET baseline_scores = $2 WHERE id = $1', [
      screening.id,
      JSON.stringify([
        { instrument: 'PHQ-9', score: 19, takenAt: '2026-01-01T09:00:00Z' },
        { instrument: 'QIDS-SR16', score: 14 },
        { instrument: 'Y-BOCS', score: 20 },
        { instrument: 'Hamilton', score: 22 },
      ]),
    ]);
    const runner = {
      query: (sql: string) => app.db.query(sql).then((r) => r.rows as unknown[]),
    } as unknown as QueryRunner;
    await new BaselineScoresNamedScales1763700400001().up(runner);
    const row = await app.db.query('SELECT baseline_scores FROM screenings WHERE id = $1', [
      screening.id,
    ]);
    expect(row.rows[0].baseline_scores).toEqual([
      { instrument: 'phq9', score: 19, takenAt: '2026-01-01T09:00:00Z' },
      { instrument: 'qids_sr16', score: 14 },
      { instrument: 'ybocs', score: 20 },
      { instrument: 'Hamilton', score: 22 },
    ]);
  });
});
