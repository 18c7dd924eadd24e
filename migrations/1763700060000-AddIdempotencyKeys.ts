import { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key on POST: one row per (owner, key) remembers the request's fingerprint and its response. */
export class AddIdempotencyKeys1763700060000 implements MigrationInterface {
  name = 'AddIdempotencyKeys1763700060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The clinic is not known before the handler runs; the owner (a user, or a public client
        -- address) scopes the key instead.
        clinic_id uuid REFERENCES clinics (id),
        owner text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'completed')),
        response_status integer,
        response_headers jsonb,
        response_body jsonb,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_owner_key_key UNIQUE (owner, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
