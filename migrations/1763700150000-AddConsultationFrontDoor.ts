import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public front door (issue 3, point 7): appointment requests from the clinic website, and the
 * consultation appointments front desk books when converting one. A clinician cannot hold two
 * consultation appointments at once: the exclusion constraint below enforces it under concurrency
 * (mapped to 409 CLINICIAN_DOUBLE_BOOKED in src/common/problem/constraint-errors.ts).
 */
export class AddConsultationFrontDoor1763700150000 implements MigrationInterface {
  name = 'AddConsultationFrontDoor1763700150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE consultation_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        status text NOT NULL DEFAULT 'new',
        first_name text NOT NULL,
        last_name text NOT NULL,
        email text,
        phone text,
        preferred_contact_method text NOT NULL,
        date_of_birth date,
        treatment_of_interest text,
        reason text,
        consent_to_contact_at timestamptz NOT NULL,
        contacted_at timestamptz,
        contacted_by uuid REFERENCES users (id),
        declined_at timestamptz,
        declined_by uuid REFERENCES users (id),
        decline_reason text,
        converted_at timestamptz,
        converted_by uuid REFERENCES users (id),
        patient_id uuid REFERENCES patients (id),
        appointment_id uuid,
        version integer NOT NULL DEFAULT 1,
        -- millisecond precision, like the keyset cursor that carries it (JavaScript dates)
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consultation_requests_status_check
          CHECK (status IN ('new', 'contacted', 'converted', 'declined')),
        CONSTRAINT consultation_requests_contact_method_check
          CHECK (preferred_contact_method IN ('email', 'phone')),
        CONSTRAINT consultation_requests_reachable_check
          CHECK (email IS NOT NULL OR phone IS NOT NULL),
        CONSTRAINT consultation_requests_converted_check
          CHECK ((status = 'converted') = (converted_at IS NOT NULL AND patient_id IS NOT NULL AND appointment_id IS NOT NULL)),
        CONSTRAINT consultation_requests_declined_check
          CHECK ((status = 'declined') = (declined_at IS NOT NULL))
      )`);
    // Inbox: newest first, all statuses or one.
    await q.query(
      `CREATE INDEX consultation_requests_inbox_idx ON consultation_requests (clinic_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX consultation_requests_status_idx ON consultation_requests (clinic_id, status, created_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE consultation_appointments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        clinician_id uuid NOT NULL REFERENCES users (id),
        request_id uuid REFERENCES consultation_requests (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled',
        created_by uuid NOT NULL REFERENCES users (id),
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users (id),
        cancel_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consultation_appointments_status_check
          CHECK (status IN ('scheduled', 'cancelled')),
        CONSTRAINT consultation_appointments_span_check
          CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '8 hours'),
        CONSTRAINT consultation_appointments_cancelled_check
          CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CONSTRAINT consultation_appointments_request_key UNIQUE (request_id),
        CONSTRAINT consultation_appointments_clinician_no_overlap
          EXCLUDE USING gist (clinician_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
          WHERE (status = 'scheduled')
      )`);
    await q.query(
      `ALTER TABLE consultation_requests ADD CONSTRAINT consultation_requests_appointment_fkey
         FOREIGN KEY (appointment_id) REFERENCES consultation_appointments (id)`,
    );
    // Agenda of a clinic (by time) and of a clinician.
    await q.query(
      `CREATE INDEX consultation_appointments_clinic_time_idx ON consultation_appointments (clinic_id, starts_at, id)`,
    );
    await q.query(
      `CREATE INDEX consultation_appointments_clinician_time_idx ON consultation_appointments (clinician_id, starts_at, id)`,
    );
    await q.query(
      `CREATE INDEX consultation_appointments_patient_idx ON consultation_appointments (patient_id, starts_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE consultation_requests DROP CONSTRAINT consultation_requests_appointment_fkey`,
    );
    await q.query(`DROP TABLE consultation_appointments`);
    await q.query(`DROP TABLE consultation_requests`);
    // btree_gist stays: other migrations (chair and patient bookings) may rely on it.
  }
}
