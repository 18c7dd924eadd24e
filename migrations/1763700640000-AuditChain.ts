import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 point 6, tamper evidence: every audit event is sealed into a hash chain, one chain per
 * clinic (and one for the clinic-less events), and `GET /api/v1/audit-events/verify` walks them.
 *
 * Sealing is not done by the INSERT: a chain head per clinic locked by every audited read would
 * serialise the clinic's whole traffic. Each event records the transaction that wrote it (`tx`);
 * the sealer (src/audit/audit-chain.sealer.ts) seals, in (tx, occurred_at, id) order, only the
 * events of transactions older than every one still running, a set that can no longer change, and
 * advances a watermark that only moves forward. An event is sealed about a second after its commit.
 *
 * link(n) = sha256(link(n - 1) || sha256(audit_event_canonical(event n))), link(0) = 32 zero bytes.
 * The canonical form lists its fields by name: a later column does not change old links; a field
 * added to it needs a new version of the function and of every link after that point.
 */
const SERVICE_ROLE = 'ketamine_clinic_service';

export class AuditChain1763700640000 implements MigrationInterface {
  name = 'AuditChain1763700640000';

  async up(q: QueryRunner): Promise<void> {
    // Existing events take the constant '0' (no rewrite) and are sealed first, in time order.
    await q.query(`ALTER TABLE audit_events ADD COLUMN tx xid8 NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN tx SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX audit_events_seal_order_idx ON audit_events (tx, occurred_at, id)`);

    // A row's text form quotes every field that needs it, so fields cannot run into each other;
    // nothing in it depends on a session setting (the time is in epoch microseconds).
    await q.query(`
      CREATE FUNCTION audit_event_canonical(e audit_events) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT ROW(
          1, e.id, e.clinic_id, e.actor_id, e.actor_role, e.action, e.action_name,
          e.resource_type, e.outcome, e.resource_id, e.resource_ids, e.request_id,
          e.client_ip, e.details, (extract(epoch FROM e.occurred_at) * 1000000)::bigint
        )::text
      $$`);
    // The event's own digest depends on nothing but the event, so a verification computes it in
    // parallel; only the short step from link to link is sequential.
    await q.query(`
      CREATE FUNCTION audit_event_digest(e audit_events) RETURNS bytea
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT sha256(convert_to(audit_event_canonical(e), 'UTF8'))
      $$`);

    // chain_key: the clinic, or the nil uuid for clinic-less events. No foreign key to the event:
    // a link whose event is gone is what verify reports as event_missing.
    await q.query(`
      CREATE TABLE audit_chain (
        chain_key uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        event_id uuid NOT NULL,
        link bytea NOT NULL CHECK (octet_length(link) = 32),
        sealed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_key, seq),
        CONSTRAINT audit_chain_event_once UNIQUE (event_id)
      )`);
    // Where a verification since a point in time starts (?since=).
    await q.query(`CREATE INDEX audit_chain_sealed_idx ON audit_chain (chain_key, sealed_at, seq)`);
    await q.query(`
      CREATE TRIGGER audit_chain_no_change BEFORE UPDATE OR DELETE ON audit_chain
      FOR EACH ROW EXECUTE FUNCTION audit_events_immutable()`);
    await q.query(`
      CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_immutable()`);

    // Everything at or before (tx, occurred_at, id) is sealed: one row, forward only.
    await q.query(`
      CREATE TABLE audit_chain_watermark (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        tx xid8 NOT NULL DEFAULT '0',
        occurred_at timestamptz NOT NULL DEFAULT '-infinity',
        id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'
      )`);
    await q.query(`INSERT INTO audit_chain_watermark DEFAULT VALUES`);
    await q.query(`
      CREATE FUNCTION audit_chain_watermark_forward() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR (NEW.tx, NEW.occurred_at, NEW.id) < (OLD.tx, OLD.occurred_at, OLD.id) THEN
          RAISE EXCEPTION 'the audit chain watermark only moves forward'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_chain_watermark_forward_only BEFORE UPDATE OR DELETE ON audit_chain_watermark
      FOR EACH ROW EXECUTE FUNCTION audit_chain_watermark_forward()`);
    await q.query(`
      CREATE TRIGGER audit_chain_watermark_no_truncate BEFORE TRUNCATE ON audit_chain_watermark
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_immutable()`);

    await q.query(SEAL_FUNCTION);

    await q.query(`REVOKE ALL ON audit_chain, audit_chain_watermark FROM ${SERVICE_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON audit_chain TO ${SERVICE_ROLE}`);
    await q.query(`GRANT SELECT, UPDATE ON audit_chain_watermark TO ${SERVICE_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_chain_seal(integer)`);
    await q.query(`DROP TABLE audit_chain_watermark`);
    await q.query(`DROP FUNCTION audit_chain_watermark_forward()`);
    await q.query(`DROP TABLE audit_chain`);
    await q.query(`DROP FUNCTION audit_event_digest(audit_events)`);
    await q.query(`DROP FUNCTION audit_event_canonical(audit_events)`);
    await q.query(`DROP INDEX audit_events_seal_order_idx`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN tx`);
  }
}

/**
 * Seals at most `batch` events and answers how many. One sealer at a time (a transaction-scoped
 * advisory lock; another instance's call answers 0 and tries again later). The batch is taken in
 * the global order after the watermark, then chained clinic by clinic: each chain stays in that
 * order across batches.
 */
const SEAL_FUNCTION = `
  CREATE FUNCTION audit_chain_seal(batch integer) RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    mark audit_chain_watermark;
    ev audit_events;
    key uuid;
    current_key uuid;
    seq bigint;
    link bytea;
    keys uuid[] := '{}';
    seqs bigint[] := '{}';
    ids uuid[] := '{}';
    links bytea[] := '{}';
    last_tx xid8;
    last_at timestamptz;
    last_id uuid;
  BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('audit_chain_seal')) THEN
      RETURN 0;
    END IF;
    SELECT * INTO mark FROM audit_chain_watermark FOR UPDATE;
    FOR ev IN
      SELECT b.* FROM (
        SELECT * FROM audit_events e
         WHERE (e.tx, e.occurred_at, e.id) > (mark.tx, mark.occurred_at, mark.id) AND e.tx < horizon
         ORDER BY e.tx, e.occurred_at, e.id LIMIT batch) b
      ORDER BY coalesce(b.clinic_id, '00000000-0000-0000-0000-000000000000'), b.tx, b.occurred_at, b.id
    LOOP
      key := coalesce(ev.clinic_id, '00000000-0000-0000-0000-000000000000');
      IF current_key IS DISTINCT FROM key THEN
        current_key := key;
        SELECT c.seq, c.link INTO seq, link FROM audit_chain c
         WHERE c.chain_key = key ORDER BY c.seq DESC LIMIT 1;
        seq := coalesce(seq, 0);
        link := coalesce(link, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
      END IF;
      seq := seq + 1;
      link := sha256(link || audit_event_digest(ev));
      keys := keys || key;
      seqs := seqs || seq;
      ids := ids || ev.id;
      links := links || link;
      IF last_tx IS NULL OR (ev.tx, ev.occurred_at, ev.id) > (last_tx, last_at, last_id) THEN
        last_tx := ev.tx; last_at := ev.occurred_at; last_id := ev.id;
      END IF;
    END LOOP;
    IF last_tx IS NULL THEN
      RETURN 0;
    END IF;
    INSERT INTO audit_chain (chain_key, seq, event_id, link)
      SELECT * FROM unnest(keys, seqs, ids, links);
    UPDATE audit_chain_watermark SET tx = last_tx, occurred_at = last_at, id = last_id;
    RETURN cardinality(ids);
  END $$`;
