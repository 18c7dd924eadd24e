import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 5: follow-ups, assessments (scored rating scales), suicide-risk alerts and the patient
 * journal. Session ids are not foreign keys: sessions belong to another module, reached through
 * its service (SessionsService.getSessionRef) when a link is given.
 */
export class FollowUpsAndMeasurementBasedCare1763700300000 implements MigrationInterface {
  name = 'FollowUpsAndMeasurementBasedCare1763700300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE follow_up_status AS ENUM ('due', 'completed', 'missed')`);
    await q.query(`CREATE TYPE follow_up_origin AS ENUM ('automatic', 'manual')`);
    await q.query(`CREATE TYPE follow_up_method AS ENUM ('call', 'visit', 'message')`);
    await q.query(
      `CREATE TYPE follow_up_next_step AS ENUM ('continue', 'move_to_maintenance', 'adjust_dose', 'refer', 'discontinue')`,
    );
    await q.query(`
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        session_id uuid,
        origin follow_up_origin NOT NULL,
        due_date date NOT NULL,
        status follow_up_status NOT NULL DEFAULT 'due',
        method follow_up_method,
        contacted_at timestamptz,
        side_effects_present boolean,
        side_effects_details text,
        notes text,
        next_step follow_up_next_step,
        closed_at timestamptz,
        closed_by uuid REFERENCES users (id),
        created_by uuid REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT follow_ups_closed_check CHECK ((status = 'due') = (closed_at IS NULL AND closed_by IS NULL)),
        CONSTRAINT follow_ups_completed_check CHECK (
          status <> 'completed'
          OR (method IS NOT NULL AND contacted_at IS NOT NULL AND side_effects_present IS NOT NULL AND next_step IS NOT NULL)
        ),
        CONSTRAINT follow_ups_automatic_session_check CHECK (origin <> 'automatic' OR session_id IS NOT NULL)
      )`);
    // A retried discharge cannot create the same automatic follow-up twice.
    await q.query(
      `CREATE UNIQUE INDEX follow_ups_session_due_key ON follow_ups (session_id, due_date) WHERE origin = 'automatic'`,
    );
    await q.query(`CREATE INDEX follow_ups_clinic_due_idx ON follow_ups (clinic_id, due_date, id)`);
    await q.query(
      `CREATE INDEX follow_ups_clinic_open_idx ON follow_ups (clinic_id, due_date, id) WHERE status = 'due'`,
    );
    await q.query(`CREATE INDEX follow_ups_patient_idx ON follow_ups (patient_id, due_date, id)`);

    await q.query(
      `CREATE TYPE assessment_context AS ENUM ('baseline', 'pre_session', 'post_session', 'follow_up')`,
    );
    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        instrument_code text NOT NULL,
        instrument_version text NOT NULL,
        responses jsonb NOT NULL,
        total integer,
        band text,
        flags text[] NOT NULL DEFAULT '{}',
        context assessment_context NOT NULL,
        administered_at timestamptz NOT NULL,
        session_id uuid,
        follow_up_id uuid REFERENCES follow_ups (id),
        recorded_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assessments_responses_array_check CHECK (jsonb_typeof(responses) = 'array')
      )`);
    await q.query(
      `CREATE INDEX assessments_patient_instrument_idx ON assessments (patient_id, instrument_code, administered_at, id)`,
    );
    await q.query(
      `CREATE INDEX assessments_patient_time_idx ON assessments (patient_id, administered_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX assessments_clinic_time_idx ON assessments (clinic_id, administered_at DESC, id DESC)`,
    );

    await q.query(
      `CREATE TYPE alert_kind AS ENUM ('PHQ9_ITEM9_POSITIVE', 'CSSRS_MODERATE', 'CSSRS_HIGH')`,
    );
    await q.query(`CREATE TYPE alert_severity AS ENUM ('moderate', 'high')`);
    await q.query(`CREATE TYPE alert_status AS ENUM ('open', 'acknowledged')`);
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        kind alert_kind NOT NULL,
        severity alert_severity NOT NULL,
        status alert_status NOT NULL DEFAULT 'open',
        acknowledged_by uuid REFERENCES users (id),
        acknowledged_at timestamptz,
        acknowledgement_note text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_assessment_kind_key UNIQUE (assessment_id, kind),
        CONSTRAINT alerts_acknowledged_check CHECK (
          (status = 'acknowledged') =
          (acknowledged_by IS NOT NULL AND acknowledged_at IS NOT NULL AND acknowledgement_note IS NOT NULL)
        )
      )`);
    await q.query(`CREATE INDEX alerts_clinic_idx ON alerts (clinic_id, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX alerts_clinic_open_idx ON alerts (clinic_id, created_at DESC, id DESC) WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX alerts_patient_open_idx ON alerts (patient_id, created_at) WHERE status = 'open'`,
    );

    await q.query(`CREATE TYPE journal_source AS ENUM ('in_person', 'phone', 'message', 'paper')`);
    await q.query(`
      CREATE TABLE journal_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        entry_date date NOT NULL,
        mood smallint NOT NULL,
        anxiety smallint,
        sleep_hours numeric(3, 1),
        sleep_quality smallint,
        text text,
        reported_via journal_source NOT NULL,
        recorded_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT journal_entries_mood_check CHECK (mood BETWEEN 0 AND 10),
        CONSTRAINT journal_entries_anxiety_check CHECK (anxiety BETWEEN 0 AND 10),
        CONSTRAINT journal_entries_sleep_hours_check CHECK (sleep_hours BETWEEN 0 AND 24),
        CONSTRAINT journal_entries_sleep_quality_check CHECK (sleep_quality BETWEEN 0 AND 10)
      )`);
    await q.query(
      `CREATE INDEX journal_entries_patient_idx ON journal_entries (patient_id, entry_date DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE journal_entries`);
    await q.query(`DROP TYPE journal_source`);
    await q.query(`DROP TABLE alerts`);
    await q.query(`DROP TYPE alert_status`);
    await q.query(`DROP TYPE alert_severity`);
    await q.query(`DROP TYPE alert_kind`);
    await q.query(`DROP TABLE assessments`);
    await q.query(`DROP TYPE assessment_context`);
    await q.query(`DROP TABLE follow_ups`);
    await q.query(`DROP TYPE follow_up_next_step`);
    await q.query(`DROP TYPE follow_up_method`);
    await q.query(`DROP TYPE follow_up_origin`);
    await q.query(`DROP TYPE follow_up_status`);
  }
}
