import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Infusion chairs per clinic, and the Schedule III controlled-substance record: lots of ketamine
 * received by a clinic and an append-only ledger of what was drawn, given, wasted (with a second
 * staff member as witness), returned and physically counted.
 */
export class AddChairsAndControlledSubstanceLots1763700200000 implements MigrationInterface {
  name = 'AddChairsAndControlledSubstanceLots1763700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chairs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        description text,
        active boolean NOT NULL DEFAULT true,
        deactivated_at timestamptz,
        deactivated_by uuid REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chairs_clinic_name_key UNIQUE (clinic_id, name),
        CONSTRAINT chairs_id_clinic_key UNIQUE (id, clinic_id),
        CONSTRAINT chairs_deactivation_has_actor CHECK (active = (deactivated_at IS NULL))
      )`);
    await q.query(`CREATE INDEX chairs_list_idx ON chairs (clinic_id, name, id)`);

    await q.query(`
      CREATE TABLE controlled_substance_lots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        drug text NOT NULL DEFAULT 'ketamine',
        concentration_mg_per_ml numeric(8,3) NOT NULL CHECK (concentration_mg_per_ml > 0),
        lot_number text NOT NULL CHECK (length(lot_number) BETWEEN 1 AND 60),
        expires_on date NOT NULL,
        received_mg numeric(12,3) NOT NULL CHECK (received_mg > 0),
        on_hand_mg numeric(12,3) NOT NULL,
        received_at timestamptz NOT NULL,
        received_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        -- millisecond precision: list cursors carry it as an ISO string
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT controlled_substance_lots_clinic_lot_key UNIQUE (clinic_id, drug, lot_number),
        CONSTRAINT controlled_substance_lots_id_clinic_key UNIQUE (id, clinic_id),
        CONSTRAINT controlled_substance_lots_on_hand_check CHECK (on_hand_mg >= 0 AND on_hand_mg <= received_mg)
      )`);
    await q.query(
      `CREATE INDEX controlled_substance_lots_list_idx ON controlled_substance_lots (clinic_id, created_at, id)`,
    );

    await q.query(
      `CREATE TYPE ledger_entry_kind AS ENUM ('receipt', 'draw', 'administer', 'waste', 'return', 'count')`,
    );
    await q.query(`
      CREATE TABLE controlled_substance_ledger_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL,
        lot_id uuid NOT NULL,
        kind ledger_entry_kind NOT NULL,
        quantity_mg numeric(12,3) NOT NULL CHECK (quantity_mg >= 0),
        session_id uuid,
        actor_id uuid NOT NULL REFERENCES users (id),
        witness_id uuid REFERENCES users (id),
        reason text,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_entries_lot_fk FOREIGN KEY (lot_id, clinic_id)
          REFERENCES controlled_substance_lots (id, clinic_id),
        CONSTRAINT ledger_entries_waste_witness_check
          CHECK (kind <> 'waste' OR (witness_id IS NOT NULL AND witness_id <> actor_id)),
        CONSTRAINT ledger_entries_session_check
          CHECK (kind NOT IN ('draw', 'administer', 'waste', 'return') OR session_id IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX ledger_entries_lot_idx ON controlled_substance_ledger_entries (lot_id, occurred_at, id)`,
    );
    await q.query(
      `CREATE INDEX ledger_entries_session_idx ON controlled_substance_ledger_entries (session_id) WHERE session_id IS NOT NULL`,
    );
    // A controlled-substance record is evidence: entries are never changed or deleted.
    await q.query(`
      CREATE FUNCTION ledger_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'controlled_substance_ledger_entries are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON controlled_substance_ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entries_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE controlled_substance_ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entries_immutable()`);
    await q.query(`DROP TYPE ledger_entry_kind`);
    await q.query(`DROP TABLE controlled_substance_lots`);
    await q.query(`DROP TABLE chairs`);
  }
}
