import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Phone search matched the stored digits exactly, so "303-555-0142" did not find a patient stored
 * as "+1 303 555 0142": front desks rarely type the country code. The search now matches numbers
 * that end with the digits given, served by a prefix index on the reversed digits (which also
 * serves exact matches, so it replaces the old index).
 */
export class PatientPhoneSuffixIndex1763700050003 implements MigrationInterface {
  name = 'PatientPhoneSuffixIndex1763700050003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX patients_phone_idx`);
    await q.query(
      `CREATE INDEX patients_phone_suffix_idx ON patients (clinic_id, reverse(phone_digits) text_pattern_ops) WHERE phone_digits IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX patients_phone_suffix_idx`);
    await q.query(
      `CREATE INDEX patients_phone_idx ON patients (clinic_id, phone_digits) WHERE phone_digits IS NOT NULL`,
    );
  }
}
