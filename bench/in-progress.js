// Sessions in progress, for the write the bench drives (a nurse recording vitals during an infusion).
// The seed leaves none: its history is discharged and signed, its bookings are scheduled. So before
// measuring, the bench starts some through the API as a clinic would (check-in, pre-infusion vitals,
// start), on bookings whose patient has a valid screening and no recent infusion. A session stays in
// progress, so a reused database keeps the ones an earlier run started and tops them up.
'use strict';

const OVERRIDE_REASON = 'Benchmark: started outside its booked time to measure charting load';
const PRE_VITALS = { systolic: 122, diastolic: 78, heartRate: 72, spo2: 98 };

async function post(apiBase, token, path, body) {
  const res = await fetch(`${apiBase}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { ok: res.ok, status: res.status, body: await res.json() };
}

/** Overrides of the checks a clinician may override here: the time window and a stale weight. */
const overrides = (checks) => checks.map((check) => ({ check, reason: OVERRIDE_REASON }));

/** Check in, chart pre-infusion vitals and start one booking; the refusal's checks if it fails. */
async function start(apiBase, token, session) {
  const path = `/api/v1/sessions/${session.id}`;
  let res = await post(apiBase, token, `${path}/check-in`, {
    escortConfirmed: true,
    fastingConfirmed: true,
  });
  if (res.status === 422) {
    res = await post(apiBase, token, `${path}/check-in`, {
      escortConfirmed: true,
      fastingConfirmed: true,
      overrides: overrides(['SESSION_OUTSIDE_START_WINDOW']),
    });
  }
  if (!res.ok) return `check-in ${res.status} ${res.body.code}`;
  res = await post(apiBase, token, `${path}/vitals`, PRE_VITALS);
  if (!res.ok) return `pre-infusion vitals ${res.status} ${res.body.code}`;
  res = await post(apiBase, token, `${path}/start`, { lotId: session.lot_id });
  const overridable = (res.body.failedChecks ?? []).filter((c) => c.overridable);
  if (res.status === 422 && overridable.length === res.body.failedChecks.length) {
    res = await post(apiBase, token, `${path}/start`, {
      lotId: session.lot_id,
      overrides: overrides(overridable.map((c) => c.check)),
    });
  }
  if (!res.ok) return `start ${res.status} ${(res.body.failedChecks ?? []).map((c) => c.check)}`;
  return null;
}

/** Ids of at least `want` sessions in progress (without a stop hold), starting more if needed. */
async function ensureInProgress({ db, apiBase, token, want }) {
  const running = async () =>
    (
      await db.query(`SELECT id FROM infusion_sessions
        WHERE status = 'in_progress' AND stop_hold_id IS NULL ORDER BY id`)
    ).rows.map((r) => r.id);
  let ids = await running();
  if (ids.length >= want) return ids.slice(0, want);
  // Bookings from now on whose patient could be infused today (the gate checks it all again).
  const { rows: candidates } = await db.query(
    `SELECT s.id, (SELECT l.id FROM controlled_substance_lots l
                    WHERE l.clinic_id = s.clinic_id AND l.on_hand_mg >= 500 AND l.expires_on > now()
                    ORDER BY l.received_at DESC LIMIT 1) AS lot_id
       FROM infusion_sessions s
      WHERE s.status = 'scheduled' AND s.scheduled_start > now()
        AND (SELECT max(sc.screened_at) FROM screenings sc WHERE sc.patient_id = s.patient_id)
            > now() - interval '80 days'
        AND NOT EXISTS (SELECT 1 FROM infusion_sessions o
                         WHERE o.patient_id = s.patient_id AND o.started_at > now() - interval '3 days')
      ORDER BY s.scheduled_start, s.id LIMIT 200`,
  );
  const refusals = [];
  for (const session of candidates) {
    if (ids.length >= want) break;
    if (!session.lot_id) continue;
    const refused = await start(apiBase, token, session);
    if (refused) refusals.push(refused);
    else ids = await running();
  }
  if (ids.length < want) {
    throw new Error(`only ${ids.length} of ${want} sessions in progress: ${refusals.join('; ')}`);
  }
  return ids.slice(0, want);
}

module.exports = { ensureInProgress };
