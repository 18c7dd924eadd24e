import { QueryRunner } from 'typeorm';
import { AddChairsAndControlledSubstanceLots1763700200000 } from 'migrations/1763700200000-AddChairsAndControlledSubstanceLots';
import { AddInfusionSessions1763700210000 } from 'migrations/1763700210000-AddInfusionSessions';
import { LockSignedSessionsInDatabase1763700410000 } from 'migrations/1763700410000-LockSignedSessionsInDatabase';
import { NurseRatioInDatabase1763700410001 } from 'migrations/1763700410001-NurseRatioInDatabase';
import { AddSessionTransfer1763700410002 } from 'migrations/1763700410002-AddSessionTransfer';
import { MomentOfCareSafety1763700500000 } from 'migrations/1763700500000-MomentOfCareSafety';
import { startTestApp, TestApp } from 'test/support/test-app';

const TABLES = [
  'chairs',
  'controlled_substance_lots',
  'controlled_substance_ledger_entries',
  'infusion_sessions',
  'session_schedule_changes',
  'session_infusion_events',
  'session_vitals',
  'session_adverse_events',
  'session_addenda',
];

describe('sessions migrations', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  const present = async () => {
    const { rows } = await app.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_name = ANY($1) ORDER BY table_name`,
      [TABLES],
    );
    return (rows as { table_name: string }[]).map((r) => r.table_name);
  };

  it('should undo the moment-of-care schema (issue 9) with down and redo it with up', async () => {
    const client = await app.db.connect();
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      const state = async () => {
        const { rows } = await client.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM pg_constraint WHERE conname IN ('infusion_sessions_chair_occupied', 'infusion_sessions_patient_occupied'))
                + (SELECT count(*) FROM pg_trigger WHERE tgname = 'infusion_sessions_nurse_occupied_ratio')
                + (SELECT count(*) FROM information_schema.tables WHERE table_name = 'session_stop_threshold_holds')
                + (SELECT count(*) FROM information_schema.columns
                    WHERE (table_name = 'infusion_sessions' AND column_name IN ('occupied_during', 'stop_hold_id', 'discharge_cosign_due_at'))
                       OR (table_name = 'session_vitals' AND column_name IN ('sedation_scale', 'oriented'))) AS n`,
        );
        return Number(rows[0]?.n);
      };
      expect(await state()).toBe(9);
      await new MomentOfCareSafety1763700500000().down(runner);
      expect(await state()).toBe(0);
      await new MomentOfCareSafety1763700500000().up(runner);
      expect(await state()).toBe(9);
    } finally {
      client.release();
    }
  });

  it('should undo the signing lock, nurse ratio and transfer migrations and redo them', async () => {
    const client = await app.db.connect();
    try {
      const runner = {
        query: (sql: string) => client.query(sql).then((r): unknown[] => r.rows as unknown[]),
      };
      const state = async () => {
        const triggers = await client.query(
          `SELECT tgname FROM pg_trigger WHERE tgrelid = 'infusion_sessions'::regclass AND NOT tgisinternal ORDER BY tgname`,
        );
        const columns = await client.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'infusion_sessions' AND column_name LIKE 'transfer%' ORDER BY column_name`,
        );
        return {
          triggers: (triggers.rows as { tgname: string }[]).map((r) => r.tgname),
          columns: (columns.rows as { column_name: string }[]).map((r) => r.column_name),
        };
      };
      const migrated = {
        triggers: ['infusion_sessions_nurse_ratio', 'infusion_sessions_signed_lock'],
        columns: ['transfer_destination', 'transfer_reason', 'transferred_at', 'transferred_by'],
      };
      // the later migration builds on these: undone first, redone last
      const later = new MomentOfCareSafety1763700500000();
      await later.down(runner as unknown as QueryRunner);
      expect(await state()).toEqual(migrated);
      const migrations = [
        new LockSignedSessionsInDatabase1763700410000(),
        new NurseRatioInDatabase1763700410001(),
        new AddSessionTransfer1763700410002(),
      ];
      for (const m of [...migrations].reverse()) {
        await m.down(runner as unknown as QueryRunner);
      }
      expect(await state()).toEqual({ triggers: [], columns: [] });
      for (const m of migrations) {
        await m.up(runner as unknown as QueryRunner);
      }
      expect(await state()).toEqual(migrated);
      await later.up(runner as unknown as QueryRunner);
    } finally {
      client.release();
    }
  });

  it('should undo its schema with down and build it again with up', async () => {
    const client = await app.db.connect();
    try {
      const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
      expect(await present()).toEqual([...TABLES].sort());
      await new MomentOfCareSafety1763700500000().down(runner);
      await new AddInfusionSessions1763700210000().down(runner);
      await new AddChairsAndControlledSubstanceLots1763700200000().down(runner);
      expect(await present()).toEqual([]);
      const types = await client.query(
        `SELECT typname FROM pg_type WHERE typname IN ('session_status', 'adverse_event_type', 'ledger_entry_kind')`,
      );
      expect(types.rows).toEqual([]);
      await new AddChairsAndControlledSubstanceLots1763700200000().up(runner);
      await new AddInfusionSessions1763700210000().up(runner);
      expect(await present()).toEqual([...TABLES].sort());
      const constraints = await client.query(
        `SELECT conname FROM pg_constraint WHERE conname LIKE 'infusion_sessions_%double_booked' ORDER BY conname`,
      );
      expect((constraints.rows as { conname: string }[]).map((r) => r.conname)).toEqual([
        'infusion_sessions_chair_double_booked',
        'infusion_sessions_patient_double_booked',
      ]);
    } finally {
      client.release();
    }
  });
});
