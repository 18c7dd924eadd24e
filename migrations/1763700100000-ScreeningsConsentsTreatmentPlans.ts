import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 3: intake screenings with their computed eligibility and clinician sign-off, patient
 * consents, and treatment plans with versioned clinical terms (amendments), a lifecycle history
 * and the infusions counted towards progress. Constraint names are translated in
 * src/common/problem/constraint-errors.ts.
 */
export class ScreeningsConsentsTreatmentPlans1763700100000 implements MigrationInterface {
  name = 'ScreeningsConsentsTreatmentPlans1763700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE screenings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        screened_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL REFERENCES users (id),
        indications text[] NOT NULL,
        primary_indication text NOT NULL,
        psychiatric_history jsonb NOT NULL,
        antidepressant_trials jsonb NOT NULL DEFAULT '[]',
        current_medications jsonb NOT NULL DEFAULT '[]',
        allergies jsonb NOT NULL DEFAULT '[]',
        ketamine_hypersensitivity boolean NOT NULL,
        benzodiazepine_lorazepam_eq_mg_per_day numeric(6,2),
        pregnant boolean NOT NULL,
        breastfeeding boolean NOT NULL,
        systolic_bp integer NOT NULL CHECK (systolic_bp BETWEEN 50 AND 300),
        diastolic_bp integer NOT NULL CHECK (diastolic_bp BETWEEN 20 AND 200),
        heart_rate integer NOT NULL CHECK (heart_rate BETWEEN 20 AND 250),
        thyroid_status text NOT NULL,
        cardiac_history jsonb NOT NULL,
        other_conditions jsonb NOT NULL,
        baseline_scores jsonb NOT NULL DEFAULT '[]',
        age_years integer NOT NULL,
        decision text NOT NULL CHECK (decision IN ('eligible', 'needs_clinician_review', 'ineligible')),
        reasons jsonb NOT NULL DEFAULT '[]',
        signed_at timestamptz,
        signed_by uuid REFERENCES users (id),
        sign_rationale text,
        overridden boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT screenings_signed_together CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
        CONSTRAINT screenings_override_needs_rationale CHECK (NOT overridden OR (signed_at IS NOT NULL AND sign_rationale IS NOT NULL AND decision = 'needs_clinician_review'))
      )`);
    await q.query(
      `CREATE INDEX screenings_patient_list_idx ON screenings (clinic_id, patient_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX screenings_patient_signed_idx ON screenings (patient_id, signed_at DESC) WHERE signed_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        kind text NOT NULL,
        signed_at timestamptz NOT NULL,
        expires_at timestamptz,
        signed_by_patient boolean NOT NULL,
        witnessed_by uuid NOT NULL REFERENCES users (id),
        document_reference text,
        recorded_by uuid NOT NULL REFERENCES users (id),
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        revocation_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consents_signed_by_patient CHECK (signed_by_patient),
        CONSTRAINT consents_expiry_after_signing CHECK (expires_at IS NULL OR expires_at > signed_at),
        CONSTRAINT consents_revoked_together CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query(
      `CREATE INDEX consents_patient_list_idx ON consents (clinic_id, patient_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX consents_patient_active_idx ON consents (patient_id, kind) WHERE revoked_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE treatment_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        indication text NOT NULL,
        prescriber_id uuid NOT NULL REFERENCES users (id),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'active', 'maintenance', 'on_hold', 'completed', 'discontinued')),
        status_before_hold text CHECK (status_before_hold IN ('active', 'maintenance')),
        current_version_id uuid,
        amendment_number integer NOT NULL DEFAULT 1,
        activated_at timestamptz,
        activation_screening_id uuid REFERENCES screenings (id),
        induction_started_at timestamptz,
        induction_completed_at timestamptz,
        maintenance_started_at timestamptz,
        ended_at timestamptz,
        discontinue_reason text,
        hold_reason text,
        needs_clinical_review boolean NOT NULL DEFAULT false,
        created_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT treatment_plans_hold_has_origin CHECK ((status = 'on_hold') = (status_before_hold IS NOT NULL)),
        CONSTRAINT treatment_plans_discontinued_has_reason CHECK (status <> 'discontinued' OR discontinue_reason IS NOT NULL)
      )`);
    // One open course of care per patient: exactly one of concurrent activations wins.
    await q.query(
      `CREATE UNIQUE INDEX treatment_plans_one_open_per_patient ON treatment_plans (patient_id) WHERE status IN ('active', 'maintenance', 'on_hold')`,
    );
    await q.query(
      `CREATE INDEX treatment_plans_list_idx ON treatment_plans (clinic_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX treatment_plans_patient_idx ON treatment_plans (clinic_id, patient_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX treatment_plans_status_idx ON treatment_plans (clinic_id, status, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX treatment_plans_induction_done_idx ON treatment_plans (clinic_id, induction_completed_at) WHERE induction_completed_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE treatment_plan_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        plan_id uuid NOT NULL REFERENCES treatment_plans (id) ON DELETE CASCADE,
        amendment_number integer NOT NULL CHECK (amendment_number >= 1),
        dose_mg_per_kg numeric(5,3) NOT NULL CHECK (dose_mg_per_kg > 0),
        infusion_minutes integer NOT NULL CHECK (infusion_minutes BETWEEN 1 AND 600),
        ceiling_mg_per_kg numeric(5,3) NOT NULL CHECK (ceiling_mg_per_kg > 0),
        weight_basis text NOT NULL CHECK (weight_basis IN ('actual', 'ideal', 'adjusted')),
        titration_steps_mg_per_kg numeric(5,3)[] NOT NULL DEFAULT '{}',
        induction_planned_infusions integer NOT NULL CHECK (induction_planned_infusions >= 1),
        induction_window_days integer NOT NULL CHECK (induction_window_days >= 1),
        min_hours_between_infusions integer NOT NULL CHECK (min_hours_between_infusions >= 0),
        maintenance_interval_days integer CHECK (maintenance_interval_days >= 1),
        maintenance_planned_infusions integer CHECK (maintenance_planned_infusions >= 1),
        maintenance_as_needed boolean NOT NULL,
        adjunct_care jsonb NOT NULL DEFAULT '[]',
        goals jsonb NOT NULL DEFAULT '[]',
        reason text,
        author_id uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT treatment_plan_versions_plan_number_key UNIQUE (plan_id, amendment_number),
        CONSTRAINT treatment_plan_versions_dose_within_ceiling CHECK (dose_mg_per_kg <= ceiling_mg_per_kg),
        CONSTRAINT treatment_plan_versions_maintenance_schedule CHECK (maintenance_as_needed OR maintenance_interval_days IS NOT NULL)
      )`);
    await q.query(
      `ALTER TABLE treatment_plans ADD CONSTRAINT treatment_plans_current_version_fk FOREIGN KEY (current_version_id) REFERENCES treatment_plan_versions (id) DEFERRABLE INITIALLY DEFERRED`,
    );
    // Versions are the record of what was prescribed when: never rewritten.
    await q.query(`
      CREATE FUNCTION treatment_plan_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'treatment_plan_versions are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER treatment_plan_versions_no_change BEFORE UPDATE ON treatment_plan_versions
      FOR EACH ROW EXECUTE FUNCTION treatment_plan_versions_immutable()`);

    await q.query(`
      CREATE TABLE treatment_plan_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        plan_id uuid NOT NULL REFERENCES treatment_plans (id) ON DELETE CASCADE,
        event text NOT NULL,
        from_status text,
        to_status text,
        actor_id uuid REFERENCES users (id),
        reason text,
        session_id uuid,
        amendment_number integer,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX treatment_plan_events_plan_idx ON treatment_plan_events (plan_id, occurred_at, id)`,
    );

    await q.query(`
      CREATE TABLE treatment_plan_infusions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        plan_id uuid NOT NULL REFERENCES treatment_plans (id) ON DELETE CASCADE,
        session_id uuid NOT NULL,
        phase text NOT NULL CHECK (phase IN ('induction', 'maintenance')),
        completed_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT treatment_plan_infusions_session_key UNIQUE (session_id)
      )`);
    await q.query(
      `CREATE INDEX treatment_plan_infusions_plan_idx ON treatment_plan_infusions (plan_id, phase, completed_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE treatment_plan_infusions`);
    await q.query(`DROP TABLE treatment_plan_events`);
    await q.query(`ALTER TABLE treatment_plans DROP CONSTRAINT treatment_plans_current_version_fk`);
    await q.query(`DROP TABLE treatment_plan_versions`);
    await q.query(`DROP FUNCTION treatment_plan_versions_immutable()`);
    await q.query(`DROP TABLE treatment_plans`);
    await q.query(`DROP TABLE consents`);
    await q.query(`DROP TABLE screenings`);
  }
}
