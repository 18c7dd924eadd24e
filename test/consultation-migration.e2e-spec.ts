import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { QueryRunner } from 'typeorm';
import { AddConsultationFrontDoor1763700150000 } from 'migrations/1763700150000-AddConsultationFrontDoor';
import { TEMPLATE_DATABASE, withDatabase } from 'test/support/test-env';

// The migration's down really undoes its up, and up can run again after it.
describe('AddConsultationFrontDoor migration', () => {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? '';
  const database = `kc_mig_${randomBytes(6).toString('hex')}`;
  let client: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DATABASE}`);
    await admin.end();
    client = new Client({ connectionString: withDatabase(adminUrl, database) });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  const runner = () =>
    ({
      query: (sql: string) => client.query(sql).then((r): unknown[] => r.rows as unknown[]),
    }) as unknown as QueryRunner;
  const tables = async () =>
    (
      await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_name LIKE 'consultation_%' ORDER BY table_name`,
      )
    ).rows.map((r) => r.table_name);
  const exclusion = async () =>
    (
      await client.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE contype = 'x' AND conname = 'consultation_appointments_clinician_no_overlap'`,
      )
    ).rows;

  it('should drop its tables on down and recreate them, with the exclusion constraint, on up', async () => {
    const migration = new AddConsultationFrontDoor1763700150000();
    expect(await tables()).toEqual(['consultation_appointments', 'consultation_requests']);
    await migration.down(runner());
    expect(await tables()).toEqual([]);
    await migration.up(runner());
    expect(await tables()).toEqual(['consultation_appointments', 'consultation_requests']);
    expect(await exclusion()).toHaveLength(1);
  });
});
