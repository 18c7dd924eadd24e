import { QueryRunner } from 'typeorm';
import { StaffCredentials1763700510000 } from 'migrations/1763700510000-StaffCredentials';
import { auth, loginAsRootAdmin, newClinicWorld } from 'test/support/fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

/**
 * Clinics that exist when staff credentials arrive keep booking and starting (their requirements
 * start empty); clinics created afterwards get the defaults (§3.3: BLS nurse, ACLS supervisor).
 */
describe('staff credentials migration', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should leave existing clinics without requirements, undo with down and redo with up', async () => {
    const root = await loginAsRootAdmin(app);
    const world = await newClinicWorld(app, root);
    const settings = () =>
      app
        .http()
        .get(`/api/v1/clinics/${world.clinicId}/settings`)
        .set(auth(world.staff.admin.token));
    expect((await settings()).body).toMatchObject({
      infusionNurseRequiredCredentials: ['bls'],
      supervisingClinicianRequiredCredentials: ['acls'],
    });
    const client = await app.db.connect();
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      await new StaffCredentials1763700510000().down(runner);
      const gone = await client.query(`SELECT to_regclass('staff_credentials') AS t`);
      expect(gone.rows[0]).toEqual({ t: null });
      await new StaffCredentials1763700510000().up(runner);
    } finally {
      client.release();
    }
    expect((await settings()).body).toMatchObject({
      infusionNurseRequiredCredentials: [],
      supervisingClinicianRequiredCredentials: [],
    });
  });
});
