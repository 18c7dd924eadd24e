import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Infusion sessions: bookings of a chair, a patient and a nurse for infusion + recovery, their
 * lifecycle, dosing, vitals, adverse events, reschedule history and addenda after signing.
 *
 * Double booking is impossible in the database itself: exclusion constraints on the booked time
 * range per chair and per patient (btree_gist), ignoring cancelled sessions and no-shows. The
 * nurse ratio is checked in the booking transaction under a per-nurse advisory lock.
 */
export class AddInfusionSessions1763700210000 implements MigrationInterface {
  name = 'AddInfusionSessions1763700210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(
      `CREATE TYPE session_status AS ENUM ('scheduled', 'checked_in', 'in_progress', 'recovery', 'discharged', 'cancelled', 'no_show')`,
    );
    await q.query(`
      CREATE TABLE infusion_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        plan_id uuid NOT NULL REFERENCES treatment_plans (id),
        plan_phase text NOT NULL CHECK (plan_phase IN ('induction', 'maintenance')),
        plan_amendment_number integer NOT NULL,
        chair_id uuid NOT NULL,
        nurse_id uuid NOT NULL REFERENCES users (id),
        status session_status NOT NULL DEFAULT 'scheduled',
        scheduled_start timestamptz NOT NULL,
        infusion_minutes integer NOT NULL CHECK (infusion_minutes BETWEEN 1 AND 720),
        recovery_minutes integer NOT NULL CHECK (recovery_minutes BETWEEN 0 AND 480),
        booked_during tstzrange NOT NULL CHECK (NOT isempty(booked_during)),
        scheduled_by uuid NOT NULL REFERENCES users (id),
        checked_in_at timestamptz,
        checked_in_by uuid REFERENCES users (id),
        escort_confirmed boolean NOT NULL DEFAULT false,
        fasting_confirmed boolean NOT NULL DEFAULT false,
        started_at timestamptz,
        started_by uuid REFERENCES users (id),
        gate_overrides jsonb NOT NULL DEFAULT '[]',
        weight_kg numeric(5,1),
        weight_basis text,
        dose_mg_per_kg numeric(6,3),
        planned_dose_mg numeric(8,1),
        ceiling_mg numeric(8,1),
        rate_mg_per_hour numeric(8,2),
        lot_id uuid,
        administered_mg numeric(8,1),
        infusion_ended_at timestamptz,
        ended_by uuid REFERENCES users (id),
        stopped_early boolean NOT NULL DEFAULT false,
        stop_reason text,
        orientation_confirmed boolean NOT NULL DEFAULT false,
        escort_present boolean NOT NULL DEFAULT false,
        notes text,
        discharged_at timestamptz,
        discharged_by uuid REFERENCES users (id),
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users (id),
        cancel_reason text,
        no_show_at timestamptz,
        no_show_by uuid REFERENCES users (id),
        signed_at timestamptz,
        signed_by uuid REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT infusion_sessions_chair_fk FOREIGN KEY (chair_id, clinic_id) REFERENCES chairs (id, clinic_id),
        CONSTRAINT infusion_sessions_lot_fk FOREIGN KEY (lot_id, clinic_id) REFERENCES controlled_substance_lots (id, clinic_id),
        CONSTRAINT infusion_sessions_chair_double_booked EXCLUDE USING gist
          (chair_id WITH =, booked_during WITH &&) WHERE (status NOT IN ('cancelled', 'no_show')),
        CONSTRAINT infusion_sessions_patient_double_booked EXCLUDE USING gist
          (patient_id WITH =, booked_during WITH &&) WHERE (status NOT IN ('cancelled', 'no_show')),
        CONSTRAINT infusion_sessions_administered_within_ceiling
          CHECK (administered_mg IS NULL OR ceiling_mg IS NULL OR administered_mg <= ceiling_mg),
        CONSTRAINT infusion_sessions_sign_needs_discharge
          CHECK (signed_at IS NULL OR discharged_at IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX infusion_sessions_clinic_start_idx ON infusion_sessions (clinic_id, scheduled_start, id)`,
    );
    await q.query(
      `CREATE INDEX infusion_sessions_patient_idx ON infusion_sessions (patient_id, scheduled_start)`,
    );
    await q.query(
      `CREATE INDEX infusion_sessions_plan_idx ON infusion_sessions (plan_id, scheduled_start)`,
    );
    await q.query(
      `CREATE INDEX infusion_sessions_nurse_idx ON infusion_sessions USING gist (nurse_id, booked_during) WHERE status NOT IN ('cancelled', 'no_show')`,
    );

    await q.query(`
      CREATE TABLE session_schedule_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        session_id uuid NOT NULL REFERENCES infusion_sessions (id),
        previous_start timestamptz NOT NULL,
        previous_chair_id uuid NOT NULL,
        previous_nurse_id uuid NOT NULL,
        new_start timestamptz NOT NULL,
        new_chair_id uuid NOT NULL,
        new_nurse_id uuid NOT NULL,
        reason text,
        changed_by uuid NOT NULL REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX session_schedule_changes_session_idx ON session_schedule_changes (session_id, changed_at)`,
    );

    await q.query(`
      CREATE TABLE session_infusion_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        session_id uuid NOT NULL REFERENCES infusion_sessions (id),
        kind text NOT NULL CHECK (kind IN ('start', 'pause', 'resume', 'rate_change', 'stop')),
        rate_mg_per_hour numeric(8,2),
        reason text,
        recorded_by uuid NOT NULL REFERENCES users (id),
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_infusion_events_reason_check
          CHECK (kind NOT IN ('pause') OR reason IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX session_infusion_events_session_idx ON session_infusion_events (session_id, occurred_at)`,
    );

    await q.query(`
      CREATE TABLE session_vitals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        session_id uuid NOT NULL REFERENCES infusion_sessions (id),
        phase text NOT NULL CHECK (phase IN ('pre', 'infusion', 'recovery')),
        taken_at timestamptz NOT NULL,
        systolic integer NOT NULL CHECK (systolic BETWEEN 40 AND 300),
        diastolic integer NOT NULL CHECK (diastolic BETWEEN 20 AND 200),
        heart_rate integer NOT NULL CHECK (heart_rate BETWEEN 20 AND 250),
        spo2 integer NOT NULL CHECK (spo2 BETWEEN 50 AND 100),
        respiratory_rate integer CHECK (respiratory_rate BETWEEN 2 AND 60),
        sedation_score integer CHECK (sedation_score BETWEEN 0 AND 5),
        dissociation_observed boolean,
        observation text,
        flags jsonb NOT NULL DEFAULT '[]',
        recorded_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX session_vitals_session_idx ON session_vitals (session_id, taken_at, id)`,
    );

    await q.query(
      `CREATE TYPE adverse_event_type AS ENUM ('nausea', 'vomiting', 'hypertension', 'tachycardia', 'dissociation', 'anxiety', 'agitation', 'hallucination', 'dizziness', 'headache', 'desaturation', 'other')`,
    );
    await q.query(`
      CREATE TABLE session_adverse_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        session_id uuid NOT NULL REFERENCES infusion_sessions (id),
        type adverse_event_type NOT NULL,
        description text,
        severity text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
        serious boolean NOT NULL DEFAULT false,
        onset_at timestamptz NOT NULL,
        infusion_action text CHECK (infusion_action IN ('none', 'slowed', 'paused', 'stopped')),
        intervention text,
        intervention_drug text,
        intervention_dose text,
        outcome text NOT NULL CHECK (outcome IN ('resolved', 'ongoing', 'transferred')),
        resolved_at timestamptz,
        recorded_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_adverse_events_other_described
          CHECK (type <> 'other' OR description IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX session_adverse_events_session_idx ON session_adverse_events (session_id, onset_at, id)`,
    );

    await q.query(`
      CREATE TABLE session_addenda (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        session_id uuid NOT NULL REFERENCES infusion_sessions (id),
        author_id uuid NOT NULL REFERENCES users (id),
        reason text NOT NULL,
        text text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX session_addenda_session_idx ON session_addenda (session_id, created_at, id)`,
    );
    await q.query(`
      ALTER TABLE controlled_substance_ledger_entries
        ADD CONSTRAINT ledger_entries_session_fk FOREIGN KEY (session_id) REFERENCES infusion_sessions (id)`);

    // A signed session record is locked: its clinical rows may not change, only addenda follow.
    await q.query(`
      CREATE FUNCTION session_children_locked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM infusion_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL) THEN
          RAISE EXCEPTION 'session record is signed' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'session_record_signed';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['session_vitals', 'session_adverse_events', 'session_infusion_events']) {
      await q.query(`
        CREATE TRIGGER ${table}_signed_lock BEFORE INSERT OR UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION session_children_locked()`);
    }
    await q.query(`
      CREATE FUNCTION session_addenda_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'session_addenda are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER session_addenda_no_change BEFORE UPDATE OR DELETE ON session_addenda
      FOR EACH ROW EXECUTE FUNCTION session_addenda_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE controlled_substance_ledger_entries DROP CONSTRAINT ledger_entries_session_fk`,
    );
    await q.query(`DROP TABLE session_addenda`);
    await q.query(`DROP FUNCTION session_addenda_immutable()`);
    await q.query(`DROP TABLE session_adverse_events`);
    await q.query(`DROP TYPE adverse_event_type`);
    await q.query(`DROP TABLE session_vitals`);
    await q.query(`DROP TABLE session_infusion_events`);
    await q.query(`DROP FUNCTION session_children_locked()`);
    await q.query(`DROP TABLE session_schedule_changes`);
    await q.query(`DROP TABLE infusion_sessions`);
    await q.query(`DROP TYPE session_status`);
  }
}
