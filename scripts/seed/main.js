#!/usr/bin/env node
// `npm run seed -- --patients N [--clinics K] [--seed S]` and `npm run seed:demo`: fills the
// database with synthetic clinics, staff and patients with their history (README "Seed data").
const { parseArgs } = require('node:util');
const { appRules, openDatabase, loadExisting, existingBookings } = require('./db');
const { readAside, setAside, restore } = require('./schema');
const { Progress } = require('./progress');
const { streamOf } = require('./prng');
const { SETUP_TABLES, PATIENT_TABLES, buffersFor } = require('./tables');
const { AuditTrail } = require('./audit');
const { buildSetup, siteOf } = require('./staff');
const { buildPatient } = require('./patient');
const { ClinicCalendar, BookingGrid, DAY_MS, SLOT_MINUTES } = require('./calendar');
const { LotBook } = require('./lots');
const { HORIZON_DAYS } = require('./sessions');

const DEFAULTS = {
  clinics: 3,
  seed: '1',
  now: '2026-12-01',
  password: 'seed-password-1234',
  batch: 500,
};
const EMAIL_DOMAIN = 'seed.example';
/**
 * Insert triggers refusing a signed session's vitals and events (migrations/*AddInfusionSessions*):
 * the seed writes sessions already signed, with the records made before the signature, so these
 * are disabled even when appending.
 */
const SIGNING_LOCKS = ['session_children_locked'];
/** Average sessions per patient (most finish an induction, some go on to maintenance). */
const SESSIONS_PER_PATIENT = 6.3;
/** Sessions a clinic runs on an open day, on average (12 chairs × 5 slots = 60 at most). */
const SESSIONS_PER_DAY = 30;

const USAGE = `usage: npm run seed -- --patients N [--clinics K] [--seed S] [--now YYYY-MM-DD]
                        [--append | --reset] [--json] [--password P] [--batch B]
       npm run seed:demo [-- --reset]`;

class UsageError extends Error {}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      patients: { type: 'string' },
      clinics: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      password: { type: 'string' },
      batch: { type: 'string' },
      append: { type: 'boolean' },
      reset: { type: 'boolean' },
      json: { type: 'boolean' },
      demo: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) throw new UsageError('');
  const int = (name, value, min) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  if (values.patients === undefined && !values.demo) throw new UsageError('--patients is required');
  if (values.append && values.reset)
    throw new UsageError('--append and --reset exclude each other');
  const now = values.now ?? DEFAULTS.now;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(now) || Number.isNaN(Date.parse(now))) {
    throw new UsageError('--now must be a date, YYYY-MM-DD');
  }
  return {
    patients:
      values.demo && values.patients === undefined ? 24 : int('patients', values.patients, 1),
    clinics: values.demo ? 1 : int('clinics', values.clinics ?? DEFAULTS.clinics, 1),
    seed: values.seed ?? (values.demo ? 'demo' : DEFAULTS.seed),
    now,
    password: values.password ?? DEFAULTS.password,
    batch: int('batch', values.batch ?? DEFAULTS.batch, 1),
    append: Boolean(values.append),
    reset: Boolean(values.reset),
    json: Boolean(values.json),
    demo: Boolean(values.demo),
  };
}

/** The history's calendar: intakes spread so that a clinic runs about SESSIONS_PER_DAY a day. */
function timeline(opts, perClinic) {
  const baseDayMs = Date.parse(`${opts.now}T00:00:00Z`);
  const intakeDays = Math.max(
    30,
    Math.ceil(((perClinic * SESSIONS_PER_PATIENT) / SESSIONS_PER_DAY) * (7 / 6)),
  );
  const startMs = baseDayMs - (intakeDays + 30) * DAY_MS;
  return {
    startMs,
    baseDay: intakeDays + 30,
    intakeDays,
    days: intakeDays + 30 + HORIZON_DAYS + 30,
  };
}

async function run(argv) {
  const opts = parseOptions(argv);
  const progress = new Progress(process.stderr, false);
  progress.phase('database', opts.reset ? 'dropping and rebuilding the schema' : 'migrating');
  const db = await openDatabase({ reset: opts.reset });
  const { client } = db;
  try {
    const existing = await loadExisting(client);
    if (existing.patients > 0 && !opts.append) {
      throw new UsageError(
        `the database already has ${existing.patients} patients: nothing was written. Pass --append to add to them or --reset to replace everything`,
      );
    }
    const append = opts.append && existing.clinics.length > 0;
    const rules = appRules();
    const settings = rules.settings;
    const clinicCount = append ? existing.clinics.length : opts.clinics;
    const perClinic = Math.ceil(opts.patients / clinicCount);
    const tl = timeline(opts, perClinic);
    const setupTables = buffersFor(SETUP_TABLES);
    const setupAudit = new AuditTrail(setupTables.audit_events);
    setupAudit.rng = streamOf(opts.seed, 'setup-audit');

    let clinics;
    let users;
    if (append) {
      ({ clinics, users } = fromExisting(existing));
    } else {
      progress.phase('clinics and staff', `${clinicCount} clinics`);
      const argon2 = require('argon2');
      // Hashed once for every seeded account (argon2id, as the app's PasswordHasher).
      const passwordHash = await argon2.hash(opts.password, { type: argon2.argon2id });
      ({ clinics, users } = buildSetup(
        {
          seed: opts.seed,
          clinicCount,
          startMs: tl.startMs,
          baseMs: Date.parse(`${opts.now}T00:00:00Z`),
          passwordHash,
          emailDomain: EMAIL_DOMAIN,
        },
        setupTables,
        setupAudit,
      ));
      for (const c of clinics) c.site = siteOf(clinics.indexOf(c));
    }
    // One transaction: a failed run writes nothing. Into empty tables, keys, constraints and
    // indexes are built and validated once at the end instead of row by row (as pg_restore does).
    await client.query('BEGIN');
    // The seed's one commit need not wait for its WAL to reach disk (a crash loses the run only).
    await client.query(`SET LOCAL synchronous_commit = off`);
    // Into empty tables (not --append): every key, constraint, index and insert trigger of the
    // patients' tables; always: the signing locks (sessions are written signed, see sessions.js).
    const aside = await readAside(client, Object.keys(PATIENT_TABLES), {
      constraints: !append,
      disable: (t) => !append || SIGNING_LOCKS.includes(t.function),
    });
    await setAside(client, aside);
    for (const table of Object.values(setupTables)) await table.flush(client);

    for (const c of clinics) {
      c.calendar = new ClinicCalendar(c.timezone, tl.startMs);
      c.grid = new BookingGrid(tl.days, c.chairs.length);
      c.lots = new LotBook(c, c.calendar, (c.existingLots ?? 0) + 1);
      c.baseMs = c.calendar.midnight(tl.baseDay);
    }
    if (append) await markBookings(client, clinics);

    progress.phase(
      'patients',
      `${opts.patients} patients, ${clinicCount} clinics, batches of ${opts.batch}`,
    );
    const tables = buffersFor(PATIENT_TABLES);
    const audit = new AuditTrail(tables.audit_events);
    const firstIndex = existing.patients;
    const totals = { patients: 0, screenings: 0, plans: 0, sessions: 0, discharged: 0 };
    // Batch n is streamed to the server while batch n + 1 is drawn (the server and this process
    // each keep a core busy): generation yields between patients so the COPY streams flow.
    let writing = Promise.resolve();
    for (let done = 0; done < opts.patients;) {
      const batchEnd = Math.min(opts.patients, done + opts.batch);
      for (let i = done; i < batchEnd; i += 1) {
        await new Promise(setImmediate);
        const index = firstIndex + i;
        const clinic = clinics[index % clinicCount];
        const j = Math.floor(i / clinicCount);
        const seq = (clinic.mrnStart ?? 0) + j + 1;
        const counts = buildPatient(
          index,
          {
            seed: opts.seed,
            clinic,
            calendar: clinic.calendar,
            grid: clinic.grid,
            lots: clinic.lots,
            rules,
            settings,
            baseMs: clinic.baseMs,
            baseDay: tl.baseDay,
            intakeDay: 30 + Math.floor((j / perClinic) * tl.intakeDays),
            mrn: `${clinic.code}-${String(seq).padStart(6, '0')}`,
          },
          tables,
          audit,
        );
        for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
      }
      const parts = Object.values(tables).map((table) => table.take());
      await writing;
      progress.tick(done, opts.patients);
      writing = (async () => {
        for (const part of parts) await part(client);
      })();
      // Awaited before the next batch or the finish; this only stops an early failure from
      // counting as unhandled while the next batch is drawn.
      writing.catch(() => undefined);
      done = batchEnd;
    }
    await writing;
    progress.tick(opts.patients, opts.patients);

    progress.phase(
      'finishing',
      `lot balances, MRN sequences, ${aside.restore.length} keys, constraints, indexes and triggers, statistics`,
    );
    for (const c of clinics) await c.lots.finish(client);
    await client.query(
      `UPDATE clinics c SET mrn_sequence = n.seq FROM (
         SELECT clinic_id, max(substring(mrn FROM '[0-9]+$')::int) AS seq FROM patients GROUP BY clinic_id) n
        WHERE n.clinic_id = c.id AND c.mrn_sequence < n.seq`,
    );
    // Index builds sort in memory and foreign-key validations hash their parents.
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await restore(client, aside);
    if (!append) await checkNurseRatios(client);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    progress.phase('sealing', 'the audit trail into its hash chains');
    const sealed = await sealAuditTrail(client);
    await client.query('ANALYZE audit_chain');

    const rows = {};
    for (const set of [setupTables, tables]) {
      for (const t of Object.values(set)) rows[t.table] = (rows[t.table] ?? 0) + t.total;
    }
    const summary = {
      seed: opts.seed,
      base: opts.now,
      clinics: clinics.map((c) => ({ id: c.id, name: c.name, code: c.code, timezone: c.timezone })),
      logins: users.map((u) => ({
        email: u.email,
        password: opts.password,
        role: u.role,
        clinicIds: u.clinicIds,
      })),
      allClinicsClinician:
        users.find(
          (u) =>
            u.role === 'clinician' && u.clinicIds.length === clinics.length && clinics.length > 0,
        )?.email ?? null,
      dates: sessionDates(clinics, tl.baseDay),
      counts: { ...totals, rows, sealedAuditEvents: sealed },
    };
    progress.done(
      `${totals.patients} patients, ${totals.sessions} sessions, ${Object.values(rows).reduce((a, b) => a + b, 0)} rows`,
    );
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(describe(summary));
    return summary;
  } finally {
    await db.close();
  }
}

// Large batches: the seed is the only writer, and each call is one transaction of its own.
const SEAL_BATCH = 100_000;

/**
 * Seals the seeded audit events into the per-clinic hash chains as the server's sealer would
 * (migrations/*AuditChain*), so the server starts with nothing to catch up on. A server already
 * sealing holds the lock (the call answers 0) and seals the rest itself.
 */
async function sealAuditTrail(client) {
  let total = 0;
  for (;;) {
    const { rows } = await client.query('SELECT audit_chain_seal($1) AS sealed', [SEAL_BATCH]);
    total += rows[0].sealed;
    if (rows[0].sealed < SEAL_BATCH) return total;
  }
}

/**
 * The nurse-ratio triggers' rule (migrations/*NurseRatioInDatabase*, *MomentOfCareSafety*), which
 * a fresh load disables: checked once over all sessions instead of per row. A nurse's most
 * concurrent bookings are reached at the start of one of them, so counting the bookings that hold
 * each booking's start is enough.
 */
async function checkNurseRatios(client) {
  for (const [range, held, constraint] of [
    ['booked_during', `status NOT IN ('cancelled', 'no_show')`, 'infusion_sessions_nurse_ratio'],
    ['occupied_during', 'occupied_during IS NOT NULL', 'infusion_sessions_nurse_occupied_ratio'],
  ]) {
    const { rows } = await client.query(
      `SELECT s.id, s.nurse_id FROM infusion_sessions s JOIN clinics c ON c.id = s.clinic_id
        WHERE s.${held}
          AND (SELECT count(*) FROM infusion_sessions o
                WHERE o.nurse_id = s.nurse_id AND o.${held} AND o.${range} @> lower(s.${range}))
              > coalesce((c.settings ->> 'maxPatientsPerNurse')::integer, 2)
        LIMIT 1`,
    );
    if (rows.length > 0) {
      throw new Error(
        `${constraint}: nurse ${rows[0].nurse_id} has too many patients at session ${rows[0].id}`,
      );
    }
  }
}

/** Clinics and staff of an --append run, as the first run made them (staff in email order). */
function fromExisting(existing) {
  const clinics = existing.clinics.map((c, k) => ({
    id: c.id,
    name: c.name,
    code: c.code,
    timezone: c.timezone,
    site: { ...siteOf(k), city: siteOf(k).city },
    mrnStart: c.mrn_sequence,
    existingLots: c.lots,
    staff: { admin: [], clinician: [], nurse: [], front_desk: [] },
    chairs: existing.chairs
      .filter((ch) => ch.clinic_id === c.id)
      .map((ch, index) => ({ id: ch.id, name: ch.name, index })),
  }));
  const users = new Map();
  for (const s of existing.staff) {
    const user = users.get(s.id) ?? {
      id: s.id,
      email: s.email,
      role: s.role,
      fullName: s.full_name,
      clinicIds: [],
    };
    user.clinicIds.push(s.clinic_id);
    users.set(s.id, user);
    clinics.find((c) => c.id === s.clinic_id)?.staff[s.role].push(user);
  }
  for (const c of clinics) {
    if (
      c.staff.nurse.length * 2 < c.chairs.length ||
      !c.staff.clinician.length ||
      !c.staff.front_desk.length
    ) {
      throw new UsageError(`--append: clinic ${c.code} lacks the staff a seeded clinic has`);
    }
  }
  return { clinics, users: [...users.values()] };
}

/** Marks the chairs the database's sessions already hold (--append). */
async function markBookings(client, clinics) {
  const chairs = new Map();
  for (const c of clinics) for (const ch of c.chairs) chairs.set(ch.id, { c, index: ch.index });
  for (const b of await existingBookings(client)) {
    const hit = chairs.get(b.chair_id);
    if (!hit) continue;
    const start = new Date(Number(b.s));
    const d = hit.c.calendar.dayIndexOf(start);
    const minute = (start.getTime() - hit.c.calendar.midnight(d)) / 60000;
    const slot = Math.floor((minute - 8 * 60) / SLOT_MINUTES);
    const span = Math.ceil((Number(b.e) - Number(b.s)) / 60000 / SLOT_MINUTES);
    hit.c.grid.mark(d, hit.index, slot, span);
  }
}

/** A recent past day and the base day with sessions at every clinic (for benchmarks). */
function sessionDates(clinics, baseDay) {
  const all = (d) => clinics.every((c) => c.grid.booked[d] > 0);
  let past = baseDay - 1;
  while (past > 0 && !all(past)) past -= 1;
  let next = baseDay;
  while (next < baseDay + HORIZON_DAYS && !all(next)) next += 1;
  const cal = clinics[0]?.calendar;
  const day = (d) => ({
    date: cal.date(d),
    sessionsPerClinic: Object.fromEntries(clinics.map((c) => [c.code, c.grid.booked[d]])),
  });
  return {
    sessionDate: past > 0 ? cal.date(past) : null,
    completed: past > 0 ? day(past) : null,
    scheduled: next < baseDay + HORIZON_DAYS ? day(next) : null,
  };
}

function describe(s) {
  const lines = [
    `Seeded ${s.counts.patients} patients, ${s.counts.sessions} infusion sessions in ${s.clinics.length} clinics (seed ${s.seed}, base date ${s.base}).`,
    `Clinics: ${s.clinics.map((c) => `${c.name} (${c.code})`).join(', ')}`,
    `A day of completed sessions at every clinic: ${s.dates.sessionDate}; booked: ${s.dates.scheduled?.date ?? '-'}`,
    '',
    `Staff logins (password for all: ${s.logins[0]?.password}):`,
    ...s.logins.map(
      (l) =>
        `  ${l.role.padEnd(10)} ${l.email}${l.clinicIds.length > 1 ? `  (all ${l.clinicIds.length} clinics)` : ''}`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `seed: ${error.message}\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`seed failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}

module.exports = { run, parseOptions, timeline };
