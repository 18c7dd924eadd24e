import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every signature of a screening now carries a rationale (issue 3: who, when and why). NOT VALID:
 * screenings signed before the rule keep their missing rationale; every new signature is checked.
 * Not reachable by clients (the service answers 400 RATIONALE_REQUIRED first).
 */
export class ScreeningsSignedWithRationale1763700400002 implements MigrationInterface {
  name = 'ScreeningsSignedWithRationale1763700400002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE screenings ADD CONSTRAINT screenings_signed_with_rationale CHECK (signed_at IS NULL OR sign_rationale IS NOT NULL) NOT VALID`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE screenings DROP CONSTRAINT screenings_signed_with_rationale`);
  }
}
