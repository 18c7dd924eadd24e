import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: what the booking checked must hold again when the care happens.
 *
 * - `occupied_during` is the time a session really holds its chair, its patient and its nurse:
 *   from the start of the infusion to discharge or transfer (open-ended while the patient is in
 *   the chair). Two exclusion constraints make two patients in one chair, or one patient in two
 *   chairs, impossible at any real instant whatever code writes the row; a trigger holds the
 *   nurse's ratio (§3.3, the clinic's maxPatientsPerNurse) over the real times under the same
 *   per-nurse advisory lock as booking. The booked range (`booked_during`) stays the plan.
 * - Stop-threshold holds (§2.3): a reading at a stop threshold during the infusion opens a hold
 *   that only a clinician's decision closes; at most one open hold per session.
 * - Discharge sign-off (§4.1): who prepared the discharge, and the clinician's co-signature.
 * - Vitals record the sedation scale (MOAA/S or RASS, §3.1) and orientation.
 * - Corrections of the check-in answers (escort, fasting) made before the start, with reason.
 * - Late entries (care charted on paper during downtime): the steps entered late on the session,
 *   and the late-entry reason on vitals and infusion events (their created_at is when entered).
 *   A late start leaves occupied_during empty until discharge or transfer writes the whole range,
 *   which the constraints then judge.
 *
 * Sessions already in the chair (in_progress, recovery) get their occupied range from their start
 * (see the backfill below).
 */
export class MomentOfCareSafety1763700500000 implements MigrationInterface {
  name = 'MomentOfCareSafety1763700500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE infusion_sessions
        ADD COLUMN occupied_during tstzrange,
        ADD COLUMN stop_hold_id uuid,
        ADD COLUMN discharge_prepared_at timestamptz,
        ADD COLUMN discharge_prepared_by uuid REFERENCES users (id),
        ADD COLUMN discharge_cosign_due_at timestamptz,
        ADD COLUMN discharge_cosigned_at timestamptz,
        ADD COLUMN discharge_cosigned_by uuid REFERENCES users (id),
        ADD COLUMN check_in_corrections jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN late_entries jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE session_infusion_events ADD COLUMN late_entry_reason text`);
    // Sessions in the chair now: infusing ones from their start, open-ended; those in recovery up
    // to their booked end (or the booked recovery after their end), so that one forgotten in
    // recovery does not hold its chair for ever. Where existing rows would overlap (two in one
    // chair, or one patient in two), only the earliest keeps its range: the others count as late
    // starts (in the chair from their start) and are judged when they are discharged.
    await q.query(`
      UPDATE infusion_sessions
         SET occupied_during = CASE status
           WHEN 'in_progress' THEN tstzrange(started_at, NULL)
           ELSE tstzrange(started_at, greatest(started_at + interval '1 minute', upper(booked_during),
                  coalesce(infusion_ended_at, started_at) + make_interval(mins => recovery_minutes)))
         END
       WHERE status IN ('in_progress', 'recovery') AND started_at IS NOT NULL`);
    await q.query(`
      UPDATE infusion_sessions s SET occupied_during = NULL
       WHERE s.occupied_during IS NOT NULL AND EXISTS (
         SELECT 1 FROM infusion_sessions o
          WHERE o.id <> s.id AND o.occupied_during && s.occupied_during
            AND (o.chair_id = s.chair_id OR o.patient_id = s.patient_id)
            AND (o.started_at, o.id) < (s.started_at, s.id))`);
    await q.query(`
      ALTER TABLE infusion_sessions
        ADD CONSTRAINT infusion_sessions_chair_occupied EXCLUDE USING gist
          (chair_id WITH =, occupied_during WITH &&) WHERE (occupied_during IS NOT NULL),
        ADD CONSTRAINT infusion_sessions_patient_occupied EXCLUDE USING gist
          (patient_id WITH =, occupied_during WITH &&) WHERE (occupied_during IS NOT NULL)`);
    await q.query(
      `CREATE INDEX infusion_sessions_nurse_occupied_idx ON infusion_sessions USING gist (nurse_id, occupied_during) WHERE occupied_during IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX infusion_sessions_patient_started_idx ON infusion_sessions (patient_id, started_at) WHERE started_at IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION infusion_sessions_nurse_occupied_ratio() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        max_patients integer;
        current_load integer;
      BEGIN
        IF NEW.occupied_during IS NULL THEN
          RETURN NEW;
        END IF;
        -- Shrinking (discharge) is never refused, so a lowered setting cannot trap a patient.
        IF TG_OP = 'UPDATE' AND OLD.occupied_during IS NOT NULL AND NEW.nurse_id = OLD.nurse_id
           AND OLD.occupied_during @> NEW.occupied_during THEN
          RETURN NEW;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('nurse:' || NEW.nurse_id::text, 0));
        SELECT coalesce((settings ->> 'maxPatientsPerNurse')::integer, 2) INTO max_patients
          FROM clinics WHERE id = NEW.clinic_id;
        WITH mine AS (
          SELECT occupied_during FROM infusion_sessions
           WHERE nurse_id = NEW.nurse_id AND occupied_during IS NOT NULL
             AND occupied_during && NEW.occupied_during AND id <> NEW.id
        )
        SELECT coalesce(max((SELECT count(*) FROM mine m WHERE m.occupied_during @> p.t)), 0)
          INTO current_load
          FROM (SELECT greatest(lower(occupied_during), lower(NEW.occupied_during)) AS t FROM mine) p;
        IF current_load + 1 > max_patients THEN
          RAISE EXCEPTION 'nurse would have more than % patients in the chair at once', max_patients
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'infusion_sessions_nurse_occupied_ratio';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER infusion_sessions_nurse_occupied_ratio
      BEFORE INSERT OR UPDATE OF nurse_id, occupied_during ON infusion_sessions
      FOR EACH ROW EXECUTE FUNCTION infusion_sessions_nurse_occupied_ratio()`);

    await q.query(`
      CREATE TABLE session_stop_threshold_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        session_id uuid NOT NULL REFERENCES infusion_sessions (id),
        vitals_id uuid NOT NULL REFERENCES session_vitals (id),
        codes text[] NOT NULL,
        raised_at timestamptz NOT NULL,
        decision text CHECK (decision IN ('stopped', 'resumed')),
        reason text,
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_stop_threshold_holds_decided
          CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL OR reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX session_stop_threshold_holds_one_open ON session_stop_threshold_holds (session_id) WHERE decision IS NULL`,
    );
    await q.query(
      `CREATE INDEX session_stop_threshold_holds_session_idx ON session_stop_threshold_holds (session_id, raised_at)`,
    );
    await q.query(`
      ALTER TABLE infusion_sessions ADD CONSTRAINT infusion_sessions_stop_hold_fk
        FOREIGN KEY (stop_hold_id) REFERENCES session_stop_threshold_holds (id)`);
    // The signing lock covers the new child table too (the function is shared with the others).
    await q.query(`
      CREATE TRIGGER session_stop_threshold_holds_signed_lock
      BEFORE INSERT OR UPDATE ON session_stop_threshold_holds
      FOR EACH ROW EXECUTE FUNCTION session_children_locked()`);

    await q.query(`
      ALTER TABLE session_vitals
        ADD COLUMN sedation_scale text CHECK (sedation_scale IN ('moaas', 'rass')),
        ADD COLUMN oriented boolean,
        ADD COLUMN late_entry_reason text`);
    await q.query(
      `UPDATE session_vitals SET sedation_scale = 'moaas' WHERE sedation_score IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE session_vitals ADD CONSTRAINT session_vitals_sedation_in_scale CHECK (
        sedation_score IS NULL
        OR (sedation_scale = 'moaas' AND sedation_score BETWEEN 0 AND 5)
        OR (sedation_scale = 'rass' AND sedation_score BETWEEN -5 AND 4))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE session_vitals DROP CONSTRAINT session_vitals_sedation_in_scale`);
    await q.query(
      `ALTER TABLE session_vitals DROP COLUMN late_entry_reason, DROP COLUMN oriented, DROP COLUMN sedation_scale`,
    );
    await q.query(`ALTER TABLE session_infusion_events DROP COLUMN late_entry_reason`);
    await q.query(`ALTER TABLE infusion_sessions DROP CONSTRAINT infusion_sessions_stop_hold_fk`);
    await q.query(`DROP TABLE session_stop_threshold_holds`);
    await q.query(`DROP TRIGGER infusion_sessions_nurse_occupied_ratio ON infusion_sessions`);
    await q.query(`DROP FUNCTION infusion_sessions_nurse_occupied_ratio()`);
    await q.query(`DROP INDEX infusion_sessions_patient_started_idx`);
    await q.query(`DROP INDEX infusion_sessions_nurse_occupied_idx`);
    await q.query(`
      ALTER TABLE infusion_sessions
        DROP CONSTRAINT infusion_sessions_chair_occupied,
        DROP CONSTRAINT infusion_sessions_patient_occupied,
        DROP COLUMN late_entries,
        DROP COLUMN check_in_corrections,
        DROP COLUMN discharge_cosigned_by,
        DROP COLUMN discharge_cosigned_at,
        DROP COLUMN discharge_cosign_due_at,
        DROP COLUMN discharge_prepared_by,
        DROP COLUMN discharge_prepared_at,
        DROP COLUMN stop_hold_id,
        DROP COLUMN occupied_during`);
  }
}
