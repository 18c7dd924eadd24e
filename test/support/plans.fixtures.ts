import { auth, ClinicWorld } from 'test/support/fixtures';
import { TestApp } from 'test/support/test-app';

type Body = Record<string, unknown>;

/** Intake facts of a patient with nothing against ketamine (ketamine-clinic.md §2.1-2.3). */
export function cleanScreening(overrides: Body = {}): Body {
  return {
    indications: ['treatment_resistant_depression'],
    primaryIndication: 'treatment_resistant_depression',
    psychiatricHistory: {
      activePsychosis: false,
      activeMania: false,
      psychoticDisorderHistory: false,
      bipolarDisorder: false,
      onMoodStabiliser: false,
      substanceUseDisorder: 'none',
    },
    antidepressantTrials: [
      {
        drug: 'sertraline',
        doseMgPerDay: 150,
        weeks: 8,
        outcome: 'no_response',
        currentEpisode: true,
      },
      {
        drug: 'venlafaxine',
        doseMgPerDay: 225,
        weeks: 10,
        outcome: 'partial_response',
        currentEpisode: true,
      },
    ],
    currentMedications: [{ name: 'bupropion', doseMg: 300, frequency: 'daily' }],
    allergies: [],
    ketamineHypersensitivity: false,
    pregnant: false,
    breastfeeding: false,
    systolicBp: 124,
    diastolicBp: 80,
    heartRate: 70,
    thyroidStatus: 'normal',
    cardiacHistory: {
      unstableCardiovascularDisease: false,
      aneurysmalVascularDisease: false,
      bloodPressureRiseHazard: false,
    },
    otherConditions: {
      intracerebralHaemorrhageHistory: false,
      raisedIntracranialPressure: false,
      raisedIntraocularPressure: false,
      severeHepaticImpairment: false,
    },
    baselineScores: [{ instrument: 'phq9', score: 19 }],
    ...overrides,
  };
}

export async function newScreening(
  app: TestApp,
  token: string,
  patientId: string,
  overrides: Body = {},
): Promise<Body & { id: string }> {
  const response = await app
    .http()
    .post(`/api/v1/patients/${patientId}/screenings`)
    .set(auth(token))
    .send(cleanScreening(overrides));
  if (response.status !== 201) {
    throw new Error(`screening failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Body & { id: string };
}

/** Signs with a rationale (required on every signature) unless `body` gives its own. */
export async function signScreening(
  app: TestApp,
  token: string,
  patientId: string,
  screeningId: string,
  body: Body = {},
): Promise<Body> {
  const response = await app
    .http()
    .post(`/api/v1/patients/${patientId}/screenings/${screeningId}/sign`)
    .set(auth(token))
    .send({ rationale: 'Reviewed the intake with the patient', ...body });
  if (response.status !== 200) {
    throw new Error(`sign failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Body;
}

/** A clean screening for `indication` (default TRD), signed eligible by the clinic's clinician. */
export async function newEligiblePatientScreening(
  app: TestApp,
  world: ClinicWorld,
  patientId: string,
  indication = 'treatment_resistant_depression',
): Promise<Body & { id: string }> {
  const token = world.staff.clinician.token;
  const screening = await newScreening(app, token, patientId, {
    indications: [indication],
    primaryIndication: indication,
  });
  await signScreening(app, token, patientId, screening.id, { rationale: 'Meets TRD criteria' });
  return screening;
}

export function planBody(patientId: string, overrides: Body = {}): Body {
  return {
    patientId,
    indication: 'treatment_resistant_depression',
    protocol: {
      doseMgPerKg: 0.5,
      infusionMinutes: 40,
      ceilingMgPerKg: 0.75,
      weightBasis: 'actual',
      titrationStepsMgPerKg: [0.6, 0.75],
    },
    induction: { plannedInfusions: 6, windowDays: 21, minHoursBetweenInfusions: 24 },
    maintenance: { asNeeded: false, intervalDays: 28, plannedInfusions: null },
    adjunctCare: [{ kind: 'integration_session', frequency: 'after each infusion' }],
    goals: ['PHQ-9 below 10 by the end of induction'],
    ...overrides,
  };
}

export async function newDraftPlan(
  app: TestApp,
  token: string,
  patientId: string,
  overrides: Body = {},
): Promise<Body & { id: string; version: number }> {
  const response = await app
    .http()
    .post('/api/v1/treatment-plans')
    .set(auth(token))
    .send(planBody(patientId, overrides));
  if (response.status !== 201) {
    throw new Error(`plan create failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Body & { id: string; version: number };
}

/** A patient screened eligible (for the plan's indication) with a plan activated into induction. */
export async function newActivePlan(
  app: TestApp,
  world: ClinicWorld,
  patientId: string,
  overrides: Body = {},
): Promise<Body & { id: string; version: number }> {
  const token = world.staff.clinician.token;
  const indication = typeof overrides.indication === 'string' ? overrides.indication : undefined;
  await newEligiblePatientScreening(app, world, patientId, indication);
  const plan = await newDraftPlan(app, token, patientId, overrides);
  const response = await app
    .http()
    .post(`/api/v1/treatment-plans/${plan.id}/activate`)
    .set(auth(token));
  if (response.status !== 200) {
    throw new Error(`activate failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Body & { id: string; version: number };
}

export async function newConsent(
  app: TestApp,
  token: string,
  patientId: string,
  overrides: Body = {},
): Promise<Body & { id: string }> {
  const response = await app
    .http()
    .post(`/api/v1/patients/${patientId}/consents`)
    .set(auth(token))
    .send({
      kind: 'ketamine_infusion_off_label',
      signedAt: new Date(Date.now() - 60_000).toISOString(),
      signedByPatient: true,
      documentReference: 'docstore://consents/test.pdf',
      ...overrides,
    });
  if (response.status !== 201) {
    throw new Error(`consent failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Body & { id: string };
}
