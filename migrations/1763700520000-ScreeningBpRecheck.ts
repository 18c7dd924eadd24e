import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: a screening blood pressure above the hold may be re-measured once after rest (§2.3
 * "allow a re-check after 5 to 10 min of rest before holding"). The first reading stays in
 * systolic_bp/diastolic_bp; the re-check, who recorded it and when, sit beside it, all or none,
 * measured after the screening. The signed-screening trigger (1763700400003) already refuses any
 * UPDATE of a signed screening, so a re-check can only be added before signing.
 */
export class ScreeningBpRecheck1763700520000 implements MigrationInterface {
  name = 'ScreeningBpRecheck1763700520000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE screenings
        ADD COLUMN bp_recheck_systolic integer,
        ADD COLUMN bp_recheck_diastolic integer,
        ADD COLUMN bp_recheck_measured_at timestamptz,
        ADD COLUMN bp_recheck_rested_minutes integer,
        ADD COLUMN bp_recheck_recorded_by uuid REFERENCES users (id),
        ADD COLUMN bp_recheck_recorded_at timestamptz,
        ADD CONSTRAINT screenings_bp_recheck_range CHECK (
          bp_recheck_systolic BETWEEN 50 AND 300
          AND bp_recheck_diastolic BETWEEN 20 AND 200
          AND bp_recheck_rested_minutes >= 0),
        ADD CONSTRAINT screenings_bp_recheck_together CHECK (
          (bp_recheck_systolic IS NULL AND bp_recheck_diastolic IS NULL AND bp_recheck_measured_at IS NULL
            AND bp_recheck_rested_minutes IS NULL AND bp_recheck_recorded_by IS NULL AND bp_recheck_recorded_at IS NULL)
          OR (bp_recheck_systolic IS NOT NULL AND bp_recheck_diastolic IS NOT NULL AND bp_recheck_measured_at IS NOT NULL
            AND bp_recheck_recorded_by IS NOT NULL AND bp_recheck_recorded_at IS NOT NULL)),
        ADD CONSTRAINT screenings_bp_recheck_after_screening CHECK (bp_recheck_measured_at > screened_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE screenings
        DROP CONSTRAINT screenings_bp_recheck_after_screening,
        DROP CONSTRAINT screenings_bp_recheck_together,
        DROP CONSTRAINT screenings_bp_recheck_range,
        DROP COLUMN bp_recheck_recorded_at,
        DROP COLUMN bp_recheck_recorded_by,
        DROP COLUMN bp_recheck_rested_minutes,
        DROP COLUMN bp_recheck_measured_at,
        DROP COLUMN bp_recheck_diastolic,
        DROP COLUMN bp_recheck_systolic`);
  }
}
