import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The screening that counts for activation and the pre-infusion gate is the patient's latest by
 * screened_at, signed or not (no longer the latest signed one): index that lookup instead.
 */
export class ScreeningsLatestByScreenedAt1763700400000 implements MigrationInterface {
  name = 'ScreeningsLatestByScreenedAt1763700400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX screenings_patient_latest_idx ON screenings (patient_id, screened_at DESC, created_at DESC, id DESC)`,
    );
    await q.query(`DROP INDEX screenings_patient_signed_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX screenings_patient_signed_idx ON screenings (patient_id, signed_at DESC) WHERE signed_at IS NOT NULL`,
    );
    await q.query(`DROP INDEX screenings_patient_latest_idx`);
  }
}
