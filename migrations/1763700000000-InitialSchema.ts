import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema: clinics, staff, patients with identifiers, audit events.
 * Every table carries its clinic key (clinics: its own id; users: through user_clinics), a version
 * and created/updated stamps. Constraint names are ours and are translated in
 * src/common/problem/constraint-errors.ts.
 */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE; an IMMUTABLE wrapper with the dictionary named lets generated
    // columns and indexes use it.
    await q.query(`
      CREATE FUNCTION f_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);

    await q.query(`
      CREATE TABLE clinics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        code text NOT NULL,
        timezone text NOT NULL,
        phone text,
        email text,
        address jsonb,
        hours jsonb NOT NULL DEFAULT '[]',
        treatments_offered text[] NOT NULL DEFAULT '{}',
        listed_publicly boolean NOT NULL DEFAULT true,
        settings jsonb NOT NULL DEFAULT '{}',
        mrn_sequence integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clinics_code_key UNIQUE (code)
      )`);
    await q.query(
      `CREATE INDEX clinics_public_name_idx ON clinics (name, id) WHERE listed_publicly`,
    );

    await q.query(`CREATE TYPE staff_role AS ENUM ('admin', 'clinician', 'nurse', 'front_desk')`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        full_name text NOT NULL,
        role staff_role NOT NULL,
        active boolean NOT NULL DEFAULT true,
        deactivated_at timestamptz,
        deactivated_by uuid REFERENCES users (id),
        tokens_valid_after timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_created_idx ON users (created_at, id)`);

    await q.query(`
      CREATE TABLE user_clinics (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        clinic_id uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, clinic_id)
      )`);
    await q.query(`CREATE INDEX user_clinics_clinic_idx ON user_clinics (clinic_id, user_id)`);

    await q.query(`CREATE TYPE sex_at_birth AS ENUM ('female', 'male', 'intersex', 'unknown')`);
    await q.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        mrn text NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        preferred_name text,
        date_of_birth date NOT NULL,
        sex_at_birth sex_at_birth NOT NULL,
        gender_identity text,
        email text,
        phone text,
        address jsonb,
        emergency_contact jsonb,
        weight_kg numeric(5,1) CHECK (weight_kg BETWEEN 20 AND 400),
        weight_recorded_at timestamptz,
        height_cm numeric(5,1) CHECK (height_cm BETWEEN 50 AND 250),
        archived_at timestamptz,
        archived_by uuid REFERENCES users (id),
        first_name_key text GENERATED ALWAYS AS (lower(f_unaccent(first_name))) STORED,
        last_name_key text GENERATED ALWAYS AS (lower(f_unaccent(last_name))) STORED,
        preferred_name_key text GENERATED ALWAYS AS (lower(f_unaccent(preferred_name))) STORED,
        phone_digits text GENERATED ALWAYS AS (nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT patients_clinic_mrn_key UNIQUE (clinic_id, mrn),
        CONSTRAINT patients_archive_has_actor CHECK ((archived_at IS NULL) = (archived_by IS NULL))
      )`);
    // One index per list and search path (the default list is keyset over created_at, id).
    await q.query(
      `CREATE INDEX patients_active_list_idx ON patients (clinic_id, created_at, id) WHERE archived_at IS NULL`,
    );
    await q.query(`CREATE INDEX patients_list_idx ON patients (clinic_id, created_at, id)`);
    await q.query(
      `CREATE INDEX patients_last_name_idx ON patients (clinic_id, last_name_key text_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX patients_first_name_idx ON patients (clinic_id, first_name_key text_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX patients_preferred_name_idx ON patients (clinic_id, preferred_name_key text_pattern_ops) WHERE preferred_name IS NOT NULL`,
    );
    await q.query(`CREATE INDEX patients_dob_idx ON patients (clinic_id, date_of_birth)`);
    await q.query(
      `CREATE INDEX patients_email_idx ON patients (clinic_id, lower(email)) WHERE email IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX patients_phone_idx ON patients (clinic_id, phone_digits) WHERE phone_digits IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE patient_identifiers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
        system text NOT NULL,
        value text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT patient_identifiers_clinic_system_value_key UNIQUE (clinic_id, system, value),
        CONSTRAINT patient_identifiers_patient_system_key UNIQUE (patient_id, system)
      )`);

    await q.query(
      `CREATE TYPE audit_action AS ENUM ('create', 'read', 'list', 'update', 'archive', 'restore', 'action', 'login')`,
    );
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid REFERENCES clinics (id),
        actor_id uuid REFERENCES users (id),
        actor_role text,
        action audit_action NOT NULL,
        action_name text,
        resource_type text NOT NULL,
        resource_id uuid,
        resource_ids uuid[],
        request_id text,
        client_ip inet,
        details jsonb,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX audit_events_clinic_time_idx ON audit_events (clinic_id, occurred_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, occurred_at DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_events_resource_ids_idx ON audit_events USING gin (resource_ids)`,
    );
    await q.query(
      `CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, occurred_at DESC)`,
    );
    // The audit trail is evidence: nobody, the service included, may rewrite or delete it.
    await q.query(`
      CREATE FUNCTION audit_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_immutable()`);
    await q.query(`DROP TYPE audit_action`);
    await q.query(`DROP TABLE patient_identifiers`);
    await q.query(`DROP TABLE patients`);
    await q.query(`DROP TYPE sex_at_birth`);
    await q.query(`DROP TABLE user_clinics`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TYPE staff_role`);
    await q.query(`DROP TABLE clinics`);
    await q.query(`DROP FUNCTION f_unaccent(text)`);
  }
}
