import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff credentials (../shared/domain/ketamine-clinic.md §3.3): professional licences (number and
 * issuing state) and ACLS/BLS/PALS certifications, each with an expiry. Booking and starting an
 * infusion check them against the clinic's settings. Revoked rows stay on record (who, when, why);
 * only live ones are unique per person, kind and number, and only they count.
 */
export class StaffCredentials1763700510000 implements MigrationInterface {
  name = 'StaffCredentials1763700510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE credential_kind AS ENUM ('rn_licence', 'np_licence', 'md_licence', 'do_licence',
        'pa_licence', 'crna_licence', 'acls', 'bls', 'pals')`,
    );
    await q.query(`
      CREATE TABLE staff_credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        kind credential_kind NOT NULL,
        identifier text CHECK (length(identifier) BETWEEN 1 AND 60),
        issuing_state text CHECK (issuing_state ~ '^[A-Z]{2}$'),
        issued_on date,
        expires_on date NOT NULL,
        verified_by uuid REFERENCES users (id),
        verified_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        revoke_reason text CHECK (length(revoke_reason) BETWEEN 1 AND 500),
        version integer NOT NULL DEFAULT 1,
        -- millisecond precision: list cursors carry it as an ISO string
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_credentials_licence_identified CHECK (
          kind NOT IN ('rn_licence', 'np_licence', 'md_licence', 'do_licence', 'pa_licence', 'crna_licence')
          OR (identifier IS NOT NULL AND issuing_state IS NOT NULL)),
        CONSTRAINT staff_credentials_issued_before_expiry CHECK (issued_on IS NULL OR issued_on <= expires_on),
        CONSTRAINT staff_credentials_verified_pair CHECK ((verified_by IS NULL) = (verified_at IS NULL)),
        CONSTRAINT staff_credentials_revoked_complete CHECK (
          (revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
      )`);
    // A certification without a card number counts once per person and kind.
    await q.query(
      `CREATE UNIQUE INDEX staff_credentials_user_kind_identifier_key
         ON staff_credentials (user_id, kind, coalesce(identifier, '')) WHERE revoked_at IS NULL`,
    );
    // The expiring list: keyset over (expires_on, id) of live credentials.
    await q.query(
      `CREATE INDEX staff_credentials_expiry_idx ON staff_credentials (expires_on, id) WHERE revoked_at IS NULL`,
    );
    // A person's credentials (their list, and the checks at booking and start).
    await q.query(
      `CREATE INDEX staff_credentials_user_idx ON staff_credentials (user_id, created_at, id)`,
    );
    // Clinics that exist before staff credentials are recorded keep booking and starting: their
    // requirements start empty, and an admin sets them once the staff's cards are entered. New
    // clinics get the defaults (BLS for the nurse, ACLS for the supervising clinician).
    await q.query(`
      UPDATE clinics SET settings = settings
        || jsonb_build_object('infusionNurseRequiredCredentials', '[]'::jsonb)
        || jsonb_build_object('supervisingClinicianRequiredCredentials', '[]'::jsonb)
       WHERE NOT settings ? 'infusionNurseRequiredCredentials'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_credentials`);
    await q.query(`DROP TYPE credential_kind`);
    await q.query(
      `UPDATE clinics SET settings = settings - 'infusionNurseRequiredCredentials' - 'supervisingClinicianRequiredCredentials'`,
    );
  }
}
