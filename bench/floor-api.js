// The API's own services and repositories, required from dist/ and wired by hand for the floor:
// the same statements, hydration, rules and mapping, so the floor's bodies are the API's bytes. What
// is left out is Nest's container, Express, passport, validation, interceptors and the problem
// filter; the ORM provides only column metadata (no connection, no query building), and queries
// and transactions run on the floor's own pg pool.
'use strict';
const path = require('node:path');
const Module = require('node:module');
const { Pool } = require('pg');

const DIST = path.join(__dirname, '..', 'dist');
process.env.NODE_PATH = DIST;
Module._initPaths();
const { DataSource } = require('typeorm');
// Loading the API's data-source options also sets its pg type parsers (a DATE stays 'YYYY-MM-DD').
const { dataSourceOptions } = require('src/database/data-source-options');
const { SqlService } = require('src/database/sql.service');
const { PatientsRepository } = require('src/patients/patients.repository');
const { PatientsService } = require('src/patients/patients.service');
const { ClinicsService } = require('src/clinics/clinics.service');
const { SessionReadsRepository } = require('src/sessions/session-reads.repository');
const { SessionsRepository } = require('src/sessions/sessions.repository');
const { SessionsService } = require('src/sessions/sessions.service');
const { SessionsRecordsService } = require('src/sessions/sessions-records.service');
const { AssessmentsRepository } = require('src/follow-ups/assessments.repository');
const { OutcomesService } = require('src/follow-ups/outcomes.service');
const { AuditRepository } = require('src/audit/audit.repository');
const { AuditService } = require('src/audit/audit.service');

/** The API's SqlService (statements, JSON → entity hydration) over the floor's pool. */
class FloorSql extends SqlService {
  constructor(dataSource, pool) {
    super(dataSource);
    this.floorPool = pool;
  }

  pool() {
    return this.floorPool;
  }
}

/** What TransactionService gives a write: BEGIN, the work's statements on one client, COMMIT. */
function transactions(pool) {
  return {
    async run(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const manager = { query: async (text, values) => (await client.query(text, values)).rows };
        const result = await work(manager);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

async function floorApi(databaseUrl, poolSize) {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  const dataSource = new DataSource({
    ...dataSourceOptions(databaseUrl),
    entities: [path.join(DIST, 'src/**/*.entity.js')],
  });
  // Column metadata only: the hydration needs it, and it costs no connection.
  await dataSource.buildMetadatas();
  const sql = new FloorSql(dataSource, pool);
  // null where a path the floor serves never reaches (an ORM repository, a service of writes).
  const reads = new SessionReadsRepository(sql);
  const sessions = new SessionsService(null, reads, new ClinicsService(null, null, null), null);
  return {
    pool,
    patients: new PatientsService(new PatientsRepository(null, null, sql), null, null, null),
    sessions,
    records: new SessionsRecordsService(
      new SessionsRepository(null, sql),
      reads,
      sessions,
      null,
      transactions(pool),
      null,
    ),
    outcomes: new OutcomesService(new AssessmentsRepository(sql)),
    audit: new AuditService(new AuditRepository(null, sql)),
  };
}

module.exports = { floorApi };
