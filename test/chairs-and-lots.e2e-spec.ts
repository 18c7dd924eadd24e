import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, ClinicWorld, loginAsRootAdmin, newClinicWorld, ROLES } from 'test/support/fixtures';

describe('chairs and controlled-substance lots', () => {
  let app: TestApp;
  let root: string;
  let world: ClinicWorld;
  let other: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    world = await newClinicWorld(app, root);
    other = await newClinicWorld(app, root);
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const chairs = (clinicId = world.clinicId) => `/api/v1/clinics/${clinicId}/chairs`;
  const lots = (clinicId = world.clinicId) =>
    `/api/v1/clinics/${clinicId}/controlled-substance-lots`;

  describe('chairs', () => {
    it('should let an admin add, list, rename and deactivate chairs', async () => {
      const admin = auth(world.staff.admin.token);
      const created = await app.http().post(chairs()).set(admin).send({ name: 'Chair A' });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(`${chairs()}/${created.body.id}`);
      expect(created.body).toMatchObject({ name: 'Chair A', active: true, version: 1 });

      const renamed = await app
        .http()
        .patch(`${chairs()}/${created.body.id}`)
        .set({ ...admin, 'If-Match': '"1"' })
        .send({ name: 'Chair A (window)' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('Chair A (window)');

      const stale = await app
        .http()
        .patch(`${chairs()}/${created.body.id}`)
        .set({ ...admin, 'If-Match': '"1"' })
        .send({ name: 'x' });
      expect(stale.status).toBe(412);

      const off = await app.http().post(`${chairs()}/${created.body.id}/deactivate`).set(admin);
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ active: false, deactivatedBy: world.staff.admin.id });
      const again = await app.http().post(`${chairs()}/${created.body.id}/deactivate`).set(admin);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CHAIR_INACTIVE');

      const list = await app.http().get(chairs()).set(auth(world.staff.front_desk.token));
      expect(list.status).toBe(200);
      expect((list.body.data as { id: string }[]).map((c) => c.id)).not.toContain(created.body.id);
      const all = await app
        .http()
        .get(`${chairs()}?includeInactive=true`)
        .set(auth(world.staff.nurse.token));
      expect((all.body.data as { id: string }[]).map((c) => c.id)).toContain(created.body.id);

      const { rows } = await app.db.query(
        `SELECT action, action_name FROM audit_events WHERE resource_id = $1 ORDER BY occurred_at`,
        [created.body.id],
      );
      expect(
        (rows as { action: string; action_name: string | null }[]).map(
          (r) => r.action_name ?? r.action,
        ),
      ).toEqual(['create', 'update', 'deactivate']);
    });

    it('should refuse a duplicate name with 409 CHAIR_NAME_TAKEN and bad input with 400', async () => {
      const admin = auth(world.staff.admin.token);
      await app.http().post(chairs()).set(admin).send({ name: 'Chair Dup' });
      const dup = await app.http().post(chairs()).set(admin).send({ name: 'Chair Dup' });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('CHAIR_NAME_TAKEN');
      const bad = await app.http().post(chairs()).set(admin).send({ name: '', extra: 1 });
      expect(bad.status).toBe(400);
    });

    it.each(['clinician', 'nurse', 'front_desk'] as const)(
      'should refuse chair management to %s with 403',
      async (role) => {
        const res = await app
          .http()
          .post(chairs())
          .set(auth(world.staff[role].token))
          .send({ name: `Chair ${role}` });
        expect(res.status).toBe(403);
      },
    );

    it('should hide another clinic’s chairs (404)', async () => {
      const created = await app
        .http()
        .post(chairs(other.clinicId))
        .set(auth(other.staff.admin.token))
        .send({ name: 'Other chair' });
      for (const role of ROLES) {
        const token = auth(world.staff[role].token);
        expect((await app.http().get(chairs(other.clinicId)).set(token)).status).toBe(404);
        expect(
          (
            await app
              .http()
              .get(`${chairs(other.clinicId)}/${created.body.id}`)
              .set(token)
          ).status,
        ).toBe(404);
        expect((await app.http().get(`${chairs()}/${created.body.id}`).set(token)).status).toBe(
          404,
        );
      }
    });
  });

  describe('controlled-substance lots', () => {
    const lotBody = (n: string) => ({
      concentrationMgPerMl: 100,
      lotNumber: n,
      expiresOn: '2030-12-31',
      receivedMg: 1000,
    });

    it('should record a lot, count it and report a discrepancy', async () => {
      const nurse = auth(world.staff.nurse.token);
      const lot = await app.http().post(lots()).set(nurse).send(lotBody('L-1'));
      expect(lot.status).toBe(201);
      expect(lot.body).toMatchObject({ drug: 'ketamine', receivedMg: 1000, onHandMg: 1000 });

      const ok = await app
        .http()
        .post(`${lots()}/${lot.body.id}/counts`)
        .set(nurse)
        .send({ countedMg: 1000, witnessId: world.staff.clinician.id });
      expect(ok.status).toBe(200);
      expect(ok.body.reconciliation).toMatchObject({ balanced: true, discrepancies: [] });

      const short = await app
        .http()
        .post(`${lots()}/${lot.body.id}/counts`)
        .set(auth(world.staff.clinician.token))
        .send({ countedMg: 990 });
      expect(short.body.reconciliation.balanced).toBe(false);
      expect(short.body.reconciliation.discrepancies).toEqual([
        expect.objectContaining({ code: 'COUNT_MISMATCH', mg: -10 }),
      ]);

      const ledger = await app
        .http()
        .get(`${lots()}/${lot.body.id}/ledger`)
        .set(auth(world.staff.admin.token));
      expect(ledger.status).toBe(200);
      expect((ledger.body.entries as { kind: string }[]).map((e) => e.kind)).toEqual([
        'receipt',
        'count',
        'count',
      ]);
      const { rows } = await app.db.query(
        `SELECT kind FROM controlled_substance_ledger_entries WHERE lot_id = $1`,
        [lot.body.id],
      );
      expect(rows).toHaveLength(3);
    });

    it('should refuse a duplicate lot number (409) and an invalid witness (400)', async () => {
      const nurse = auth(world.staff.nurse.token);
      const lot = await app.http().post(lots()).set(nurse).send(lotBody('L-2'));
      const dup = await app.http().post(lots()).set(nurse).send(lotBody('L-2'));
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('LOT_NUMBER_TAKEN');
      const self = await app
        .http()
        .post(`${lots()}/${lot.body.id}/counts`)
        .set(nurse)
        .send({ countedMg: 1000, witnessId: world.staff.nurse.id });
      expect(self.status).toBe(400);
      expect(self.body.code).toBe('WITNESS_INVALID');
      const foreign = await app
        .http()
        .post(`${lots()}/${lot.body.id}/counts`)
        .set(nurse)
        .send({ countedMg: 1000, witnessId: other.staff.nurse.id });
      expect(foreign.status).toBe(400);
    });

    it('should keep the ledger append-only and waste witnessed in the database', async () => {
      const nurse = auth(world.staff.nurse.token);
      const lot = await app.http().post(lots()).set(nurse).send(lotBody('L-3'));
      await expect(
        app.db.query(
          `UPDATE controlled_substance_ledger_entries SET quantity_mg = 1 WHERE lot_id = $1`,
          [lot.body.id],
        ),
      ).rejects.toThrow(/append-only/);
      await expect(
        app.db.query(
          `INSERT INTO controlled_substance_ledger_entries (clinic_id, lot_id, kind, quantity_mg, actor_id, witness_id)
           VALUES ($1, $2, 'count', 1, $3, NULL)`,
          [world.clinicId, lot.body.id, world.staff.nurse.id],
        ),
      ).resolves.toBeDefined();
      await expect(
        app.db.query(
          `INSERT INTO controlled_substance_ledger_entries (clinic_id, lot_id, kind, quantity_mg, actor_id, witness_id, session_id)
           VALUES ($1, $2, 'waste', 1, $3, $3, gen_random_uuid())`,
          [world.clinicId, lot.body.id, world.staff.nurse.id],
        ),
      ).rejects.toThrow(/ledger_entries_waste_witness_check/);
    });

    it('should let nurses and clinicians record, admins read, and front desk nothing', async () => {
      const admin = await app
        .http()
        .post(lots())
        .set(auth(world.staff.admin.token))
        .send(lotBody('L-4'));
      expect(admin.status).toBe(403);
      const fd = await app.http().get(lots()).set(auth(world.staff.front_desk.token));
      expect(fd.status).toBe(403);
      const list = await app.http().get(lots()).set(auth(world.staff.admin.token));
      expect(list.status).toBe(200);
      expect(list.body.data.length).toBeGreaterThan(0);
    });

    it('should hide another clinic’s lots (404)', async () => {
      const lot = await app
        .http()
        .post(lots(other.clinicId))
        .set(auth(other.staff.nurse.token))
        .send(lotBody('L-X'));
      const token = auth(world.staff.nurse.token);
      expect((await app.http().get(lots(other.clinicId)).set(token)).status).toBe(404);
      expect((await app.http().get(`${lots()}/${lot.body.id}`).set(token)).status).toBe(404);
      expect(
        (
          await app
            .http()
            .get(`${lots(other.clinicId)}/${lot.body.id}/ledger`)
            .set(token)
        ).status,
      ).toBe(404);
    });
  });
});
