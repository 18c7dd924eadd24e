import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Append-only in the database, not only in the code: treatment plan versions (what was prescribed
 * when) refused UPDATE but not DELETE; the lifecycle history (treatment_plan_events) and signed
 * screenings (the clinician's signed decision) had no guard at all. Now versions and events refuse
 * UPDATE, DELETE and TRUNCATE; a signed screening refuses UPDATE and DELETE (an unsigned one may
 * still be signed), and screenings refuse TRUNCATE. Nothing deletes plans or patients (patients
 * are archived), so the ON DELETE CASCADE from treatment_plans is never taken; were it taken, it
 * would now fail rather than erase history.
 */
export class PlanHistoryAndSignedScreeningsAppendOnly1763700400003 implements MigrationInterface {
  name = 'PlanHistoryAndSignedScreeningsAppendOnly1763700400003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER treatment_plan_versions_no_change ON treatment_plan_versions`);
    await q.query(`
      CREATE TRIGGER treatment_plan_versions_no_change BEFORE UPDATE OR DELETE ON treatment_plan_versions
      FOR EACH ROW EXECUTE FUNCTION treatment_plan_versions_immutable()`);
    await q.query(`
      CREATE TRIGGER treatment_plan_versions_no_truncate BEFORE TRUNCATE ON treatment_plan_versions
      FOR EACH STATEMENT EXECUTE FUNCTION treatment_plan_versions_immutable()`);

    await q.query(`
      CREATE FUNCTION treatment_plan_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'treatment_plan_events are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER treatment_plan_events_no_change BEFORE UPDATE OR DELETE ON treatment_plan_events
      FOR EACH ROW EXECUTE FUNCTION treatment_plan_events_immutable()`);
    await q.query(`
      CREATE TRIGGER treatment_plan_events_no_truncate BEFORE TRUNCATE ON treatment_plan_events
      FOR EACH STATEMENT EXECUTE FUNCTION treatment_plan_events_immutable()`);

    await q.query(`
      CREATE FUNCTION screenings_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' OR OLD.signed_at IS NOT NULL THEN
          RAISE EXCEPTION 'signed screenings are append-only' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER screenings_signed_no_change BEFORE UPDATE OR DELETE ON screenings
      FOR EACH ROW EXECUTE FUNCTION screenings_signed_immutable()`);
    await q.query(`
      CREATE TRIGGER screenings_no_truncate BEFORE TRUNCATE ON screenings
      FOR EACH STATEMENT EXECUTE FUNCTION screenings_signed_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER screenings_no_truncate ON screenings`);
    await q.query(`DROP TRIGGER screenings_signed_no_change ON screenings`);
    await q.query(`DROP FUNCTION screenings_signed_immutable()`);
    await q.query(`DROP TRIGGER treatment_plan_events_no_truncate ON treatment_plan_events`);
    await q.query(`DROP TRIGGER treatment_plan_events_no_change ON treatment_plan_events`);
    await q.query(`DROP FUNCTION treatment_plan_events_immutable()`);
    await q.query(`DROP TRIGGER treatment_plan_versions_no_truncate ON treatment_plan_versions`);
    await q.query(`DROP TRIGGER treatment_plan_versions_no_change ON treatment_plan_versions`);
    await q.query(`
      CREATE TRIGGER treatment_plan_versions_no_change BEFORE UPDATE ON treatment_plan_versions
      FOR EACH ROW EXECUTE FUNCTION treatment_plan_versions_immutable()`);
  }
}
