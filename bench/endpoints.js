// The endpoints the bench drives, built from the seeded database: ids drawn once (the same for the
// API and the floor), the all-clinic clinician's token and a clinic admin's (for the audit trail).
// The floor answers every one; `kind` names the ratio target that applies; `volatile` names the
// fields of a write's body that must differ between two writes (its id and its clock readings).
'use strict';
const { Client } = require('pg');
const { ensureInProgress } = require('./in-progress');

/** Sessions in progress the write spreads over (each write locks its session's row, as the API does). */
const IN_PROGRESS = 12;
/** A reading within every threshold: it flags nothing and opens no stop hold. */
const VITALS = { systolic: 124, diastolic: 80, heartRate: 76, spo2: 97 };

const pick = (xs) => () => xs[Math.floor(Math.random() * xs.length)];

async function login(apiBase, email, password) {
  const res = await fetch(`${apiBase}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

/** The cursor `pages` pages into the first-page list (a deep page, as a user scrolling far gets). */
async function deepCursor(apiBase, token, pages) {
  let cursor = null;
  for (let i = 0; i < pages; i += 1) {
    const query = cursor ? `limit=25&cursor=${cursor}` : 'limit=25';
    const res = await fetch(`${apiBase}/api/v1/patients?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    cursor = (await res.json()).nextCursor;
    if (!cursor) throw new Error(`the patient list ends before page ${pages + 1}`);
  }
  return cursor;
}

async function endpointsOf({ databaseUrl, apiBase, password }) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const q = async (text) => (await db.query(text)).rows;
  const patients = (await q('SELECT id FROM patients ORDER BY md5(id::text) LIMIT 1000')).map(
    (r) => r.id,
  );
  // Signed sessions: their record no longer changes, and nothing in it depends on the clock.
  const sessions = (
    await q(`SELECT id FROM infusion_sessions WHERE signed_at IS NOT NULL
      ORDER BY md5(id::text) LIMIT 1000`)
  ).map((r) => r.id);
  const [prefix] = await q(
    `SELECT left(last_name, 3) AS p FROM patients GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const [day] = await q(`SELECT clinic_id, to_char(scheduled_start::date, 'YYYY-MM-DD') AS d
      FROM infusion_sessions GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1`);
  const [admin] = await q(`SELECT email FROM users WHERE role = 'admin' ORDER BY email LIMIT 1`);

  const tokens = {
    clinician: await login(apiBase, 'clinician.all@seed.example', password),
    admin: await login(apiBase, admin.email, password),
  };
  const inProgress = await ensureInProgress({
    db,
    apiBase,
    token: tokens.clinician,
    want: IN_PROGRESS,
  });
  await db.end();
  const cursor = await deepCursor(apiBase, tokens.clinician, 40);
  const patient = pick(patients);
  const session = pick(sessions);
  const running = pick(inProgress);
  // The trail's newest page before the run: later events (the bench's own) would move a first page.
  const trailEnd = new Date().toISOString();
  const next = new Date(`${day.d}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);

  const list = [
    {
      name: 'patient-by-id',
      kind: 'read',
      path: () => `/api/v1/patients/${patient()}`,
    },
    {
      name: 'patients-first-page',
      kind: 'list',
      path: () => '/api/v1/patients?limit=25',
    },
    {
      name: 'patients-deep-page',
      kind: 'list',
      path: () => `/api/v1/patients?limit=25&cursor=${cursor}`,
    },
    {
      name: 'patients-name-search',
      kind: 'search',
      path: () => `/api/v1/patients?name=${prefix.p}`,
    },
    { name: 'session-with-vitals', kind: 'read', path: () => `/api/v1/sessions/${session()}` },
    {
      name: 'record-vitals',
      kind: 'write',
      method: 'POST',
      path: () => `/api/v1/sessions/${running()}/vitals`,
      body: () => JSON.stringify(VITALS),
      volatile: ['id', 'takenAt', 'recordedAt'],
    },
    {
      name: 'patient-outcomes',
      kind: 'read',
      path: () => `/api/v1/patients/${patient()}/outcomes`,
    },
    {
      name: 'clinic-day-sessions',
      kind: 'list',
      path: () =>
        `/api/v1/sessions?clinicId=${day.clinic_id}&from=${day.d}T00:00:00Z&to=${next.toISOString()}&limit=100`,
    },
    {
      name: 'audit-events',
      kind: 'list',
      as: 'admin',
      path: () => `/api/v1/audit-events?limit=50&to=${trailEnd}`,
    },
  ];
  list.tokens = tokens;
  return list;
}

module.exports = { endpointsOf };
