import { QueryRunner } from 'typeorm';
import { AddCssrsLowAlert1763700420000 } from 'migrations/1763700420000-AddCssrsLowAlert';
import { FollowUpOutcomeNote1763700420001 } from 'migrations/1763700420001-FollowUpOutcomeNote';
import { MillisecondAlertKeys1763700420002 } from 'migrations/1763700420002-MillisecondAlertKeys';
import { startTestApp, TestApp } from 'test/support/test-app';

// The follow-up fixes' migrations: each down undoes its up, and up builds it again.
describe('follow-ups fix migrations', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should undo the low alert level, the outcome note and the millisecond alert stamps, and redo them', async () => {
    const client = await app.db.connect();
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      const state = async () => ({
        kinds: (
          await client.query(`SELECT unnest(enum_range(NULL::alert_kind))::text AS v`)
        ).rows.map((r: { v: string }) => r.v),
        severities: (
          await client.query(`SELECT unnest(enum_range(NULL::alert_severity))::text AS v`)
        ).rows.map((r: { v: string }) => r.v),
        outcomeNote: (
          await client.query(
            `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'follow_ups' AND column_name = 'outcome_note'`,
          )
        ).rows[0].n as number,
        alertsDefault: (
          await client.query(
            `SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'alerts' AND column_name = 'created_at'`,
          )
        ).rows[0].d as string,
      });
      const migrated = {
        kinds: ['PHQ9_ITEM9_POSITIVE', 'CSSRS_LOW', 'CSSRS_MODERATE', 'CSSRS_HIGH'],
        severities: ['low', 'moderate', 'high'],
        outcomeNote: 1,
        alertsDefault: expect.stringContaining('date_trunc'),
      };
      expect(await state()).toEqual(migrated);
      await new MillisecondAlertKeys1763700420002().down(runner);
      await new FollowUpOutcomeNote1763700420001().down(runner);
      await new AddCssrsLowAlert1763700420000().down(runner);
      expect(await state()).toEqual({
        kinds: ['PHQ9_ITEM9_POSITIVE', 'CSSRS_MODERATE', 'CSSRS_HIGH'],
        severities: ['moderate', 'high'],
        outcomeNote: 0,
        alertsDefault: 'now()',
      });
      await new AddCssrsLowAlert1763700420000().up(runner);
      await new FollowUpOutcomeNote1763700420001().up(runner);
      await new MillisecondAlertKeys1763700420002().up(runner);
      expect(await state()).toEqual(migrated);
    } finally {
      client.release();
    }
  });
});
