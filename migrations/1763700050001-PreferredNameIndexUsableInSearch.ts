import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The name search ORs prefix matches on first, last and preferred name. The preferred-name index was
 * partial on `preferred_name IS NOT NULL`, which the planner cannot infer from a condition on
 * `preferred_name_key`, so no index could serve that arm and the whole OR fell back to reading every
 * patient of the clinic. Keyed on the column the search uses, all three arms use their index.
 */
export class PreferredNameIndexUsableInSearch1763700050001 implements MigrationInterface {
  name = 'PreferredNameIndexUsableInSearch1763700050001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX patients_preferred_name_idx`);
    await q.query(
      `CREATE INDEX patients_preferred_name_idx ON patients (clinic_id, preferred_name_key text_pattern_ops) WHERE preferred_name_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX patients_preferred_name_idx`);
    await q.query(
      `CREATE INDEX patients_preferred_name_idx ON patients (clinic_id, preferred_name_key text_pattern_ops) WHERE preferred_name IS NOT NULL`,
    );
  }
}
