import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nurse ratio holds in the database, so that it holds under concurrent requests whatever code
 * writes the row: before a booking of a nurse is inserted, or moved to another nurse or to time it
 * did not hold before, the trigger takes the same per-nurse advisory transaction lock as the
 * booking service (hashtextextended('nurse:' || nurse_id, 0)), so concurrent bookings of one nurse
 * serialise, then counts the nurse's held bookings (every status but cancelled and no_show)
 * overlapping at any instant of the new range, and refuses a load above the clinic's
 * maxPatientsPerNurse setting (clinics.settings jsonb; 2 when unset, as CLINIC_SETTING_DEFAULTS).
 * The error names the constraint infusion_sessions_nurse_ratio (409 NURSE_RATIO_EXCEEDED).
 *
 * Shrinking or keeping a booking (status moves, release at discharge) is never refused, so that
 * lowering the setting later cannot block a session already under way.
 */
export class NurseRatioInDatabase1763700410001 implements MigrationInterface {
  name = 'NurseRatioInDatabase1763700410001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION infusion_sessions_nurse_ratio() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        max_patients integer;
        current_load integer;
      BEGIN
        IF NEW.status IN ('cancelled', 'no_show') THEN
          RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.nurse_id = OLD.nurse_id
           AND OLD.status NOT IN ('cancelled', 'no_show')
           AND OLD.booked_during @> NEW.booked_during THEN
          RETURN NEW;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('nurse:' || NEW.nurse_id::text, 0));
        SELECT coalesce((settings ->> 'maxPatientsPerNurse')::integer, 2) INTO max_patients
          FROM clinics WHERE id = NEW.clinic_id;
        -- The most other bookings overlapping one another at an instant of the new range; the
        -- maximum is reached at the start of one of them (or of the new range).
        WITH mine AS (
          SELECT booked_during FROM infusion_sessions
           WHERE nurse_id = NEW.nurse_id AND status NOT IN ('cancelled', 'no_show')
             AND booked_during && NEW.booked_during AND id <> NEW.id
        )
        SELECT coalesce(max((SELECT count(*) FROM mine m WHERE m.booked_during @> p.t)), 0)
          INTO current_load
          FROM (SELECT greatest(lower(booked_during), lower(NEW.booked_during)) AS t FROM mine) p;
        IF current_load + 1 > max_patients THEN
          RAISE EXCEPTION 'nurse would monitor more than % patients at once', max_patients
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'infusion_sessions_nurse_ratio';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER infusion_sessions_nurse_ratio
      BEFORE INSERT OR UPDATE OF nurse_id, booked_during, status ON infusion_sessions
      FOR EACH ROW EXECUTE FUNCTION infusion_sessions_nurse_ratio()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER infusion_sessions_nurse_ratio ON infusion_sessions`);
    await q.query(`DROP FUNCTION infusion_sessions_nurse_ratio()`);
  }
}
