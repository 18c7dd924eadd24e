// The database the seed writes to, resolved exactly as scripts/run-migrations.js does: the built
// app (dist/, on NODE_PATH) reads MIGRATION_DATABASE_URL or DATABASE_URL, or starts the embedded
// server in DATA_DIR when DATABASE_URL is unset. The seed connects as the schema owner (it drops
// and rebuilds indexes, and --reset the schema); pending migrations are applied first. The app's
// own pure rules come from dist/ too.
const path = require('node:path');
const Module = require('node:module');
const { Client } = require('pg');

process.env.NODE_PATH = path.join(__dirname, '..', '..', 'dist');
Module._initPaths();

/** The app's rules the generators use, so that seeded decisions and scores are the app's. */
function appRules() {
  const eligibility = require('src/screenings/eligibility.rules');
  const scoring = require('src/follow-ups/scoring.rules');
  const { findInstrument } = require('src/follow-ups/instrument.catalog');
  const { flagVitals } = require('src/sessions/vitals.rules');
  const { CLINIC_SETTING_DEFAULTS } = require('src/clinics/clinic-settings');
  return {
    assessEligibility: eligibility.assessEligibility,
    ageInYears: eligibility.ageInYears,
    scoreAssessment: scoring.scoreAssessment,
    findInstrument,
    flagVitals,
    settings: { ...CLINIC_SETTING_DEFAULTS },
  };
}

/**
 * Connects, resetting first when asked (--reset: the schema is dropped and rebuilt by the
 * migrations, because the evidence tables refuse TRUNCATE and DELETE by design), and migrates.
 * Answers { client, close }.
 */
async function openDatabase({ reset }) {
  const { loadConfig } = require('src/config/app-config');
  const { EmbeddedPostgresService } = require('src/database/embedded-postgres.service');
  const { migrateDatabase } = require('src/database/migrate');

  const config = loadConfig();
  const embedded = new EmbeddedPostgresService(config, { get: () => undefined });
  const url = (await embedded.resolveDatabaseUrls()).owner;
  const client = new Client({ connectionString: url, application_name: 'kc-seed' });
  await client.connect();
  const close = async () => {
    await client.end();
    await embedded.onApplicationShutdown();
  };
  try {
    if (reset) {
      await client.query('DROP SCHEMA public CASCADE');
      await client.query('CREATE SCHEMA public');
    }
    const applied = await migrateDatabase(url);
    return { client, close, migrated: applied.length };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What an --append run continues from: the clinics, their staff and chairs, and the bookings. */
async function loadExisting(client) {
  const clinics = (
    await client.query(
      `SELECT id, name, code, timezone, mrn_sequence,
              (SELECT count(*)::int FROM controlled_substance_lots l WHERE l.clinic_id = c.id) AS lots
         FROM clinics c ORDER BY created_at, id`,
    )
  ).rows;
  const staff = (
    await client.query(
      `SELECT u.id, u.email, u.role, u.full_name, uc.clinic_id
         FROM users u JOIN user_clinics uc ON uc.user_id = u.id
        WHERE u.active ORDER BY u.email`,
    )
  ).rows;
  const chairs = (
    await client.query(
      `SELECT id, clinic_id, name FROM chairs WHERE active ORDER BY clinic_id, created_at, id`,
    )
  ).rows;
  const patients = (await client.query('SELECT count(*)::int AS n FROM patients')).rows[0].n;
  return { clinics, staff, chairs, patients };
}

/** Bookings that hold a chair (every status but cancelled and no-show), for the booking grid. */
async function existingBookings(client) {
  const { rows } = await client.query(
    `SELECT chair_id, extract(epoch FROM lower(booked_during)) * 1000 AS s,
            extract(epoch FROM upper(booked_during)) * 1000 AS e
       FROM infusion_sessions WHERE status NOT IN ('cancelled', 'no_show')`,
  );
  return rows;
}

module.exports = {
  appRules,
  openDatabase,
  loadExisting,
  existingBookings,
};
