import { auth, ClinicWorld, newPatient } from 'test/support/fixtures';
import { newActivePlan, newConsent } from 'test/support/plans.fixtures';
import { TestApp } from 'test/support/test-app';

type Body = Record<string, unknown>;

export async function setClinicSettings(
  app: TestApp,
  world: ClinicWorld,
  settings: Body,
): Promise<void> {
  const response = await app
    .http()
    .patch(`/api/v1/clinics/${world.clinicId}/settings`)
    .set(auth(world.staff.admin.token))
    .send(settings);
  if (response.status !== 200) {
    throw new Error(`settings failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

export async function newChair(app: TestApp, world: ClinicWorld, name?: string): Promise<string> {
  const response = await app
    .http()
    .post(`/api/v1/clinics/${world.clinicId}/chairs`)
    .set(auth(world.staff.admin.token))
    .send({ name: name ?? `Chair ${Math.random().toString(36).slice(2, 8)}` });
  if (response.status !== 201) {
    throw new Error(`chair failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.id as string;
}

export async function newLot(app: TestApp, world: ClinicWorld, body: Body = {}): Promise<string> {
  const response = await app
    .http()
    .post(`/api/v1/clinics/${world.clinicId}/controlled-substance-lots`)
    .set(auth(world.staff.nurse.token))
    .send({
      concentrationMgPerMl: 100,
      lotNumber: `LOT-${Math.random().toString(36).slice(2, 10)}`,
      expiresOn: '2030-12-31',
      receivedMg: 5000,
      ...body,
    });
  if (response.status !== 201) {
    throw new Error(`lot failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.id as string;
}

/** A patient weighed today (72.3 kg), screened eligible, consented, with an active induction plan. */
export async function newReadyPatient(
  app: TestApp,
  world: ClinicWorld,
  options: { plan?: Body; patient?: Body; consent?: boolean } = {},
): Promise<{ patientId: string; planId: string }> {
  const patient = await newPatient(app, world.staff.clinician.token, {
    weightKg: 72.3,
    weightRecordedAt: new Date().toISOString(),
    heightCm: 170,
    ...options.patient,
  });
  const plan = await newActivePlan(app, world, patient.id, options.plan ?? {});
  if (options.consent !== false) {
    await newConsent(app, world.staff.clinician.token, patient.id);
  }
  return { patientId: patient.id, planId: plan.id };
}

export async function book(
  app: TestApp,
  token: string,
  body: {
    patientId: string;
    planId: string;
    chairId: string;
    nurseId: string;
    scheduledStart: string;
  },
) {
  return app.http().post('/api/v1/sessions').set(auth(token)).send(body);
}

/** Books at `start` (default now) and answers the session body; throws unless 201. */
export async function bookOrFail(
  app: TestApp,
  world: ClinicWorld,
  ids: { patientId: string; planId: string; chairId: string },
  start: Date = new Date(),
): Promise<Body & { id: string }> {
  const response = await book(app, world.staff.front_desk.token, {
    ...ids,
    nurseId: world.staff.nurse.id,
    scheduledStart: start.toISOString(),
  });
  if (response.status !== 201) {
    throw new Error(`booking failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Body & { id: string };
}

/** Normal vitals with the observations discharge judges (§4.1): MOAA/S 5, no dissociation. */
export const normalVitals = {
  systolic: 122,
  diastolic: 78,
  heartRate: 72,
  spo2: 98,
  respiratoryRate: 14,
  sedationScore: 5,
  dissociationObserved: false,
};

/**
 * As if the infusion had started `minutes` earlier: its start, its occupied time, its infusion
 * events and its vitals move back, so that an end now is a plausible delivery (issue 9 point 3).
 */
export async function rewindStart(app: TestApp, sessionId: string, minutes = 40): Promise<void> {
  await app.db.query(
    `UPDATE infusion_sessions
        SET started_at = started_at - make_interval(mins => $2),
            occupied_during = tstzrange(lower(occupied_during) - make_interval(mins => $2), upper(occupied_during))
      WHERE id = $1`,
    [sessionId, minutes],
  );
  for (const [table, column] of [
    ['session_infusion_events', 'occurred_at'],
    ['session_vitals', 'taken_at'],
  ]) {
    await app.db.query(
      `UPDATE ${table} SET ${column} = ${column} - make_interval(mins => $2) WHERE session_id = $1`,
      [sessionId, minutes],
    );
  }
}

export function action(
  app: TestApp,
  token: string,
  sessionId: string,
  name: string,
  body: Body = {},
) {
  return app.http().post(`/api/v1/sessions/${sessionId}/${name}`).set(auth(token)).send(body);
}

/** Booked, checked in (escort and fasting confirmed) and with pre-infusion vitals recorded. */
export async function newSessionReadyToStart(
  app: TestApp,
  world: ClinicWorld,
  chairId: string,
  options: { plan?: Body; patient?: Body; consent?: boolean; vitals?: Body | null } = {},
): Promise<{ sessionId: string; patientId: string; planId: string }> {
  const { patientId, planId } = await newReadyPatient(app, world, options);
  const session = await bookOrFail(app, world, { patientId, planId, chairId });
  const nurse = world.staff.nurse.token;
  const checkIn = await action(app, nurse, session.id, 'check-in', {
    escortConfirmed: true,
    fastingConfirmed: true,
  });
  if (checkIn.status !== 200) {
    throw new Error(`check-in failed: ${checkIn.status} ${JSON.stringify(checkIn.body)}`);
  }
  if (options.vitals !== null) {
    const vitals = await action(app, nurse, session.id, 'vitals', {
      ...normalVitals,
      ...options.vitals,
    });
    if (vitals.status !== 201) {
      throw new Error(`vitals failed: ${vitals.status} ${JSON.stringify(vitals.body)}`);
    }
  }
  return { sessionId: session.id, patientId, planId };
}
