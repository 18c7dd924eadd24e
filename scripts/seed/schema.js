// While the seed fills the patients' tables, their keys, constraints, indexes and insert triggers
// are set aside and replayed afterwards from their own definitions, read from pg_catalog just
// before (as pg_restore orders its work): one sorted index build or one validating scan per object
// instead of a check per row. Replaying the migrated definitions leaves the migrated schema
// (test/seed.e2e-spec.ts compares the catalog after a seed with a freshly migrated one).

/** Replay order: keys before the indexes and foreign keys that need them, triggers last. */
const RESTORE_ORDER = { p: 0, u: 1, index: 2, x: 3, f: 4, trigger: 5 };

/**
 * What to set aside on `tables` (names in the current schema), all inside the caller's
 * transaction:
 * - constraints: their primary keys, unique and exclusion constraints, other indexes and every
 *   foreign key on them or pointing at them (check constraints stay: they cost little per row);
 * - the insert triggers `disable(trigger)` picks ({ name, table, function }): disabled, not dropped.
 * Answers { drop, restore } (SQL statements) from pg_get_constraintdef and pg_get_indexdef.
 */
async function readAside(client, tables, { constraints, disable }) {
  const objects = [];
  if (constraints) {
    const { rows: keys } = await client.query(
      `SELECT c.contype AS kind, c.conname AS name,
              format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
              format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                     pg_get_constraintdef(c.oid)) AS restore
         FROM pg_constraint c
        WHERE c.contype IN ('p', 'u', 'x', 'f')
          AND (c.conrelid = ANY($1::text[]::regclass[])
               OR (c.contype = 'f' AND c.confrelid = ANY($1::text[]::regclass[])))`,
      [tables],
    );
    objects.push(...keys);
    // Indexes of their own (a constraint's index goes with its constraint).
    const { rows: indexes } = await client.query(
      `SELECT 'index' AS kind, ci.relname AS name,
              format('DROP INDEX %s', i.indexrelid::regclass) AS drop,
              pg_get_indexdef(i.indexrelid) AS restore
         FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
        WHERE i.indrelid = ANY($1::text[]::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                           WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)`,
      [tables],
    );
    objects.push(...indexes);
  }
  // Enabled user triggers firing on INSERT (tgtype bit 2); the internal ones are foreign keys'.
  const { rows: triggers } = await client.query(
    `SELECT 'trigger' AS kind, t.tgname AS name, c.relname AS "table",
            t.tgfoid::regproc::text AS function,
            format('ALTER TABLE %s DISABLE TRIGGER %I', t.tgrelid::regclass, t.tgname) AS drop,
            format('ALTER TABLE %s ENABLE TRIGGER %I', t.tgrelid::regclass, t.tgname) AS restore
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgrelid = ANY($1::text[]::regclass[]) AND NOT t.tgisinternal
        AND t.tgenabled = 'O' AND t.tgtype & 4 <> 0`,
    [tables],
  );
  objects.push(...triggers.filter((t) => disable(t)));
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // Foreign keys go first: the keys they lean on cannot be dropped under them.
  const dropOrder = [...objects].sort(
    (a, b) => Number(a.kind !== 'f') - Number(b.kind !== 'f') || byName(a, b),
  );
  const restoreOrder = [...objects].sort(
    (a, b) => RESTORE_ORDER[a.kind] - RESTORE_ORDER[b.kind] || byName(a, b),
  );
  return { drop: dropOrder.map((o) => o.drop), restore: restoreOrder.map((o) => o.restore) };
}

async function setAside(client, aside) {
  for (const sql of aside.drop) await client.query(sql);
}

/** Replays the definitions: a row that breaks one fails the statement, and so the whole run. */
async function restore(client, aside) {
  for (const sql of aside.restore) await client.query(sql);
}

module.exports = { readAside, setAside, restore };
