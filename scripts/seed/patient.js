// One patient's record and history: demographics and identifiers, consent, screening with baseline
// scales, a treatment plan (induction, maintenance), infusion sessions with vitals, doses, the
// controlled-substance ledger, follow-ups, assessments, alerts and the audit trail of it all.
// Everything happens before the base instant except bookings in the next two weeks.
const { streamOf } = require('./prng');
const {
  FIRST_FEMALE,
  FIRST_MALE,
  LAST,
  PREFERRED,
  STREETS,
  STREET_KINDS,
  RELATIONSHIPS,
} = require('./names');
const { ascii } = require('./staff');
const { DAY_MS } = require('./calendar');
const clinical = require('./clinical');
const { sessionHistory, nextOpen } = require('./sessions');
const { assess } = require('./assessments');
const { pgArray } = require('./copy');
const { stamp } = require('./tables');

const MIN = 60000;
const EHR_SYSTEM = 'urn:oid:2.16.840.1.113883.3.1234';
const INSURER_SYSTEM = 'https://payer.example/member-id';

/**
 * Writes patient number `index` (0-based over the run) of clinic `ctx.clinic` into `tables`.
 * `ctx`: { seed, clinic, calendar, grid, lots, rules, settings, baseMs, baseDay, intakeDay, mrn }.
 * Answers counts for the summary.
 */
function buildPatient(index, ctx, tables, audit) {
  const rng = streamOf(ctx.seed, 'patient', index);
  audit.rng = rng;
  const { clinic, calendar } = ctx;
  const staff = clinic.staff;
  const frontDesk = rng.pick(staff.front_desk);
  const nurse = rng.pick(staff.nurse);
  const clinician = rng.pick(staff.clinician);
  const at = (d, minuteOfDay) =>
    new Date(calendar.at(d, minuteOfDay).getTime() + rng.int(0, 59999));
  const p = { id: rng.uuid(), clinicId: clinic.id };
  const add = (table, row) => tables[table].add(row);
  const log = (actor, action, name, type, id, when, details = null) =>
    audit.add(clinic.id, actor, action, name, type, id, when, details);

  // Demographics.
  const sex = rng.weighted([
    [61, 'female'],
    [37, 'male'],
    [1, 'intersex'],
    [1, 'unknown'],
  ]);
  const first = rng.pick(
    sex === 'male' || (sex !== 'female' && rng.chance(0.5)) ? FIRST_MALE : FIRST_FEMALE,
  );
  const last = rng.pick(LAST);
  const intake = at(ctx.intakeDay, 8 * 60 + rng.int(0, 9 * 60));
  const ageAtIntake = rng.normal(41, 12, 18.2, 79);
  const dob = new Date(intake.getTime() - ageAtIntake * 365.25 * DAY_MS).toISOString().slice(0, 10);
  const body = clinical.bodyMeasures(rng, sex);
  const site = clinic.site;
  const digits = String(rng.int(0, 9999)).padStart(4, '0');
  p.weightKg = body.weightKg;
  p.dob = dob;
  add(
    'patients',
    stamp(
      {
        id: p.id,
        clinic_id: clinic.id,
        mrn: ctx.mrn,
        first_name: first,
        last_name: last,
        preferred_name: PREFERRED[first] && rng.chance(0.4) ? PREFERRED[first] : null,
        date_of_birth: dob,
        sex_at_birth: sex,
        gender_identity: rng.chance(0.06)
          ? rng.pick(['non-binary', 'transgender man', 'transgender woman', 'genderqueer'])
          : null,
        email: rng.chance(0.9)
          ? `${ascii(first).toLowerCase()}.${ascii(last).toLowerCase()}${rng.int(1, 999)}@mail.example`
          : null,
        phone: rng.chance(0.95) ? `(${site.area}) 555-${digits}` : null,
        address: {
          line1: `${rng.int(1, 9999)} ${rng.pick(STREETS)} ${rng.pick(STREET_KINDS)}`,
          ...(rng.chance(0.2) ? { line2: `Apt ${rng.int(1, 40)}` } : {}),
          city: site.city,
          region: site.region,
          postalCode: site.zip,
          country: 'US',
        },
        emergency_contact: {
          name: `${rng.pick(rng.chance(0.5) ? FIRST_FEMALE : FIRST_MALE)} ${rng.chance(0.6) ? last : rng.pick(LAST)}`,
          relationship: rng.pick(RELATIONSHIPS),
          phone: `(${site.area}) 555-${String(rng.int(0, 9999)).padStart(4, '0')}`,
        },
        weight_kg: body.weightKg,
        weight_recorded_at: intake,
        height_cm: body.heightCm,
      },
      intake,
    ),
  );
  log(frontDesk, 'create', null, 'Patient', p.id, intake);
  if (rng.chance(0.6)) {
    add(
      'patient_identifiers',
      stamp(
        {
          id: rng.uuid(),
          clinic_id: clinic.id,
          patient_id: p.id,
          system: EHR_SYSTEM,
          value: `EHR-${String(index + 100000)}`,
        },
        intake,
      ),
    );
  }
  if (rng.chance(0.45)) {
    add(
      'patient_identifiers',
      stamp(
        {
          id: rng.uuid(),
          clinic_id: clinic.id,
          patient_id: p.id,
          system: INSURER_SYSTEM,
          value: `${rng.pick(['AET', 'BCB', 'CIG', 'UHC'])}${String(index).padStart(9, '0')}`,
        },
        intake,
      ),
    );
  }
  const counts = { patients: 1, sessions: 0, discharged: 0 };

  // Consent to off-label treatment (required before any infusion), witnessed by a nurse.
  let day = ctx.intakeDay + rng.int(0, 2);
  const consentAt = at(day, 9 * 60 + rng.int(0, 8 * 60));
  const consentId = rng.uuid();
  add(
    'consents',
    stamp(
      {
        id: consentId,
        clinic_id: clinic.id,
        patient_id: p.id,
        kind: 'ketamine_infusion_off_label',
        signed_at: consentAt,
        expires_at: null,
        signed_by_patient: true,
        witnessed_by: nurse.id,
        document_reference: `scan://consents/${consentId}.pdf`,
        recorded_by: frontDesk.id,
      },
      consentAt,
    ),
  );
  log(frontDesk, 'create', null, 'Consent', consentId, consentAt);
  if (rng.chance(0.5)) {
    const id = rng.uuid();
    add(
      'consents',
      stamp(
        {
          id,
          clinic_id: clinic.id,
          patient_id: p.id,
          kind: 'data_sharing',
          signed_at: consentAt,
          expires_at: new Date(consentAt.getTime() + 730 * DAY_MS),
          signed_by_patient: true,
          witnessed_by: nurse.id,
          document_reference: null,
          recorded_by: frontDesk.id,
        },
        consentAt,
      ),
    );
    log(frontDesk, 'create', null, 'Consent', id, consentAt);
  }

  // Screening with baseline scales, its decision computed by the app's own rules, signed.
  day = nextOpen(calendar, day + rng.int(1, 6));
  if (day >= ctx.baseDay) return counts;
  const screenedAt = at(day, 9 * 60 + rng.int(0, 7 * 60));
  const indication = rng.weighted(clinical.INDICATIONS);
  const scales = ['phq9', clinical.SECOND_SCALE[indication]].filter(Boolean);
  const baseline = {};
  for (const scale of scales) {
    const total = clinical.baselineTotal(rng, scale);
    const item9 =
      scale === 'phq9' && rng.chance(indication === 'suicidal_ideation' ? 0.7 : 0.1)
        ? rng.int(1, 2)
        : 0;
    baseline[scale] = assess(ctx, rng, tables, audit, p, {
      scale,
      total,
      fixed: scale === 'phq9' ? { 8: item9 } : {},
      context: 'baseline',
      at: new Date(screenedAt.getTime() - 15 * MIN),
      by: nurse,
      reviewer: clinician,
    });
  }
  const facts = screeningFacts(rng, indication, sex, dob, screenedAt, baseline, ctx.rules);
  const { decision, reasons } = ctx.rules.assessEligibility(facts, ctx.settings);
  const override = decision === 'needs_clinician_review' && rng.chance(0.75);
  const signedAt = new Date(screenedAt.getTime() + rng.int(20, 180) * MIN);
  const screeningId = rng.uuid();
  add(
    'screenings',
    stamp(
      {
        id: screeningId,
        clinic_id: clinic.id,
        patient_id: p.id,
        screened_at: screenedAt,
        recorded_by: nurse.id,
        indications: pgArray(
          indication === 'treatment_resistant_depression' && rng.chance(0.3)
            ? [indication, 'generalised_anxiety']
            : [indication],
        ),
        primary_indication: indication,
        psychiatric_history: facts.psychiatric,
        antidepressant_trials: facts.antidepressantTrials,
        current_medications: facts.currentMedications,
        allergies: facts.allergies,
        ketamine_hypersensitivity: facts.ketamineHypersensitivity,
        benzodiazepine_lorazepam_eq_mg_per_day: facts.benzodiazepineLorazepamEqMgPerDay,
        pregnant: facts.pregnant,
        breastfeeding: facts.breastfeeding,
        systolic_bp: facts.systolicBp,
        diastolic_bp: facts.diastolicBp,
        heart_rate: facts.heartRate,
        thyroid_status: facts.thyroidStatus,
        cardiac_history: facts.cardiac,
        other_conditions: facts.other,
        baseline_scores: facts.baselineScores,
        age_years: facts.ageYears,
        decision,
        reasons,
        signed_at: signedAt,
        signed_by: clinician.id,
        sign_rationale: override
          ? 'Relative contraindications reviewed with the patient; benefits outweigh the risks'
          : decision === 'ineligible'
            ? 'Not a candidate: see reasons; referred back to the treating psychiatrist'
            : 'Intake reviewed; eligible for IV ketamine',
        overridden: override,
      },
      screenedAt,
      2,
      signedAt,
    ),
  );
  log(nurse, 'create', null, 'Screening', screeningId, screenedAt);
  log(clinician, 'action', 'sign', 'Screening', screeningId, signedAt);
  counts.screenings = 1;
  const permitted = decision === 'eligible' || override;
  if (!permitted || rng.chance(0.06)) return counts;

  // Treatment plan: created and activated within days of the signed screening (valid 90 days).
  const terms = clinical.planTerms(rng, indication);
  const planDay = nextOpen(calendar, calendar.dayIndexOf(signedAt) + rng.int(0, 3));
  if (planDay >= ctx.baseDay) return counts;
  const planCreated = at(planDay, 8 * 60 + rng.int(0, 4 * 60));
  const activatedAt = new Date(planCreated.getTime() + rng.int(10, 240) * MIN);
  const plan = {
    id: rng.uuid(),
    versionId: rng.uuid(),
    status: 'active',
    terms,
    indication,
    prescriber: clinician,
    activatedAt,
    events: [],
  };
  const asNeeded = rng.chance(0.4);
  const maintenanceInterval = asNeeded ? null : rng.pick([21, 28, 28, 35, 42]);
  const maintenancePlanned = asNeeded ? null : rng.int(3, 8);
  add(
    'treatment_plan_versions',
    stamp(
      {
        id: plan.versionId,
        clinic_id: clinic.id,
        plan_id: plan.id,
        amendment_number: 1,
        dose_mg_per_kg: terms.doseMgPerKg,
        infusion_minutes: terms.infusionMinutes,
        ceiling_mg_per_kg: terms.ceilingMgPerKg,
        weight_basis: 'actual',
        titration_steps_mg_per_kg: pgArray(terms.titration),
        induction_planned_infusions: terms.inductionPlanned,
        induction_window_days: terms.windowDays,
        min_hours_between_infusions: terms.minHours,
        maintenance_interval_days: maintenanceInterval,
        maintenance_planned_infusions: maintenancePlanned,
        maintenance_as_needed: asNeeded,
        adjunct_care: rng.chance(0.7)
          ? [{ kind: 'psychotherapy', frequency: rng.pick(['weekly', 'every two weeks']) }]
          : [],
        goals: scales.includes('pcl5')
          ? ['PCL-5 below 33', 'Sleep through the night']
          : scales.includes('pain_nrs')
            ? ['Pain NRS at or below 4', 'Walk 30 minutes a day']
            : ['PHQ-9 below 10', 'Return to work or study'],
        author_id: clinician.id,
      },
      planCreated,
    ),
  );
  plan.events.push(['created', null, 'draft', clinician, null, null, planCreated, 1]);
  plan.events.push(['activated', 'draft', 'active', clinician, null, null, activatedAt, null]);
  log(clinician, 'create', null, 'TreatmentPlan', plan.id, planCreated);
  log(clinician, 'action', 'activate', 'TreatmentPlan', plan.id, activatedAt);

  const history = sessionHistory(rng, ctx, tables, audit, p, plan, {
    firstDay: nextOpen(calendar, calendar.dayIndexOf(activatedAt) + rng.int(2, 9)),
    baseline,
    scales,
    profile: clinical.responseProfile(rng),
    maintenanceInterval,
    maintenancePlanned,
    staff: { frontDesk, nurse, clinician },
  });
  counts.sessions = history.sessions;
  counts.discharged = history.discharged;

  add(
    'treatment_plans',
    stamp(
      {
        id: plan.id,
        clinic_id: clinic.id,
        patient_id: p.id,
        indication,
        prescriber_id: clinician.id,
        status: plan.status,
        current_version_id: plan.versionId,
        amendment_number: 1,
        activated_at: activatedAt,
        activation_screening_id: screeningId,
        induction_started_at: history.inductionStartedAt,
        induction_completed_at: history.inductionCompletedAt,
        maintenance_started_at: history.maintenanceStartedAt,
        ended_at: history.endedAt,
        discontinue_reason: history.discontinueReason,
        created_by: clinician.id,
      },
      planCreated,
      2 + plan.events.length,
      history.lastActivity ?? activatedAt,
    ),
  );
  for (const [event, from, to, actor, reason, sessionId, when, amendment] of plan.events) {
    add(
      'treatment_plan_events',
      stamp(
        {
          id: rng.uuid(),
          clinic_id: clinic.id,
          plan_id: plan.id,
          event,
          from_status: from,
          to_status: to,
          actor_id: actor ? actor.id : null,
          reason,
          session_id: sessionId,
          amendment_number: amendment,
          occurred_at: when,
        },
        when,
      ),
    );
  }
  counts.plans = 1;
  return counts;
}

/** Screening facts: mostly clean intakes, with the contraindications clinics meet now and then. */
function screeningFacts(rng, indication, sex, dob, screenedAt, baseline, rules) {
  const rest = clinical.restingVitals(rng);
  const hypertensive = rng.chance(0.04);
  const bipolar = indication === 'bipolar_depression' || rng.chance(0.02);
  const benzo = rng.chance(0.14) ? rng.pick([0.5, 1, 1, 2, 3, 4]) : null;
  const trd = indication === 'treatment_resistant_depression';
  const trials = Array.from({ length: trd ? rng.int(2, 4) : rng.int(0, 2) }, () => ({
    drug: rng.pick([
      'sertraline',
      'escitalopram',
      'fluoxetine',
      'venlafaxine',
      'duloxetine',
      'bupropion',
      'mirtazapine',
    ]),
    doseMgPerDay: rng.pick([50, 100, 150, 20, 40, 225]),
    weeks: trd ? rng.int(6, 16) : rng.int(3, 12),
    outcome: rng.weighted([
      [55, 'no_response'],
      [30, 'partial_response'],
      [10, 'not_tolerated'],
      [5, 'response'],
    ]),
    currentEpisode: rng.chance(0.85),
  }));
  const meds = [
    {
      name: rng.pick(['sertraline', 'escitalopram', 'venlafaxine', 'bupropion']),
      doseMg: rng.pick([50, 100, 10, 150]),
      frequency: 'daily',
    },
    ...(benzo
      ? [{ name: 'lorazepam', doseMg: benzo, frequency: 'daily', drugClass: 'benzodiazepine' }]
      : []),
    ...(bipolar ? [{ name: 'lamotrigine', doseMg: 200, frequency: 'daily' }] : []),
    ...(rng.chance(0.03)
      ? [{ name: 'methylphenidate', doseMg: 20, frequency: 'daily', drugClass: 'psychostimulant' }]
      : []),
  ];
  const female = sex === 'female';
  return {
    ageYears: rules.ageInYears(dob, screenedAt),
    primaryIndication: indication,
    ketamineHypersensitivity: rng.chance(0.003),
    psychiatric: {
      activePsychosis: rng.chance(0.004),
      activeMania: bipolar && rng.chance(0.03),
      psychoticDisorderHistory: rng.chance(0.01),
      bipolarDisorder: bipolar,
      onMoodStabiliser: bipolar && rng.chance(0.9),
      substanceUseDisorder: rng.weighted([
        [92, 'none'],
        [7, 'in_remission'],
        [1, 'active'],
      ]),
    },
    antidepressantTrials: trials,
    currentMedications: meds,
    allergies: rng.chance(0.2)
      ? [
          {
            substance: rng.pick(['penicillin', 'sulfa drugs', 'latex', 'codeine']),
            reaction: rng.pick(['rash', 'hives', 'nausea']),
          },
        ]
      : [],
    baselineScores: Object.entries(baseline).map(([instrument, a]) => ({
      instrument,
      score: a.total,
    })),
    benzodiazepineLorazepamEqMgPerDay: benzo,
    pregnant: female && rng.chance(0.004),
    breastfeeding: female && rng.chance(0.004),
    systolicBp: hypertensive ? rng.int(141, 158) : rest.systolic,
    diastolicBp: hypertensive ? rng.int(88, 98) : rest.diastolic,
    heartRate: rest.heartRate,
    thyroidStatus: rng.weighted([
      [85, 'normal'],
      [10, 'hypothyroid'],
      [3, 'hyperthyroid_treated'],
      [1, 'hyperthyroid_untreated'],
      [1, 'unknown'],
    ]),
    cardiac: {
      unstableCardiovascularDisease: rng.chance(0.003),
      aneurysmalVascularDisease: rng.chance(0.002),
      bloodPressureRiseHazard: rng.chance(0.003),
    },
    other: {
      intracerebralHaemorrhageHistory: rng.chance(0.001),
      raisedIntracranialPressure: rng.chance(0.001),
      raisedIntraocularPressure: rng.chance(0.005),
      severeHepaticImpairment: rng.chance(0.002),
    },
  };
}

module.exports = { buildPatient };
