import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 5: "a positive C-SSRS screen raises an alert". A low-risk screen (Q1/Q2 only) now raises a
 * CSSRS_LOW alert of severity `low`: listed for clinicians, not blocking the infusion.
 */
export class AddCssrsLowAlert1763700420000 implements MigrationInterface {
  name = 'AddCssrsLowAlert1763700420000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TYPE alert_kind ADD VALUE IF NOT EXISTS 'CSSRS_LOW' BEFORE 'CSSRS_MODERATE'`,
    );
    // Ordered by severity, so ORDER BY severity stays meaningful.
    await q.query(`ALTER TYPE alert_severity ADD VALUE IF NOT EXISTS 'low' BEFORE 'moderate'`);
  }

  /** PostgreSQL cannot drop an enum value: the types are rebuilt without it, and low alerts go. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alerts WHERE kind = 'CSSRS_LOW' OR severity = 'low'`);
    await q.query(`ALTER TYPE alert_kind RENAME TO alert_kind_before_low`);
    await q.query(
      `CREATE TYPE alert_kind AS ENUM ('PHQ9_ITEM9_POSITIVE', 'CSSRS_MODERATE', 'CSSRS_HIGH')`,
    );
    await q.query(
      `ALTER TABLE alerts ALTER COLUMN kind TYPE alert_kind USING kind::text::alert_kind`,
    );
    await q.query(`DROP TYPE alert_kind_before_low`);
    await q.query(`ALTER TYPE alert_severity RENAME TO alert_severity_before_low`);
    await q.query(`CREATE TYPE alert_severity AS ENUM ('moderate', 'high')`);
    await q.query(
      `ALTER TABLE alerts ALTER COLUMN severity TYPE alert_severity USING severity::text::alert_severity`,
    );
    await q.query(`DROP TYPE alert_severity_before_low`);
  }
}
