// A plan's infusion sessions over time: the induction series (6 infusions over 2-3 weeks, §1.2),
// then maintenance boosters (§1.3), each with check-in, pre-session scales, vitals every 10 minutes
// infusing and every 15 in recovery (§3.2), the dose drawn, given and wasted from a lot, adverse
// events, discharge, signature, automatic follow-ups; and the plan's lifecycle as it goes.
const { DAY_MS, SLOT_MINUTES, nurseFor } = require('./calendar');
const clinical = require('./clinical');
const { tstzrange } = require('./copy');
const { stamp } = require('./tables');
const { assess } = require('./assessments');

const MIN = 60000;
/** Bookings are made up to two weeks past the base date. */
const HORIZON_DAYS = 14;

/** The first day on or after d the clinic is open. */
function nextOpen(calendar, d) {
  while (!calendar.isOpen(d)) d += 1;
  return d;
}

/** Adverse events seen in about one infusion in eight (§3.4), with the usual intervention. */
const ADVERSE = [
  [
    35,
    {
      type: 'nausea',
      intervention: 'antiemetic given',
      drug: 'ondansetron',
      dose: '4 mg IV',
      action: 'none',
    },
  ],
  [20, { type: 'dissociation', intervention: 'reassurance, lights dimmed', action: 'slowed' }],
  [
    15,
    {
      type: 'anxiety',
      intervention: 'reassurance; benzodiazepine',
      drug: 'lorazepam',
      dose: '0.5 mg PO',
      action: 'none',
    },
  ],
  [10, { type: 'headache', intervention: 'rest', action: 'none' }],
  [10, { type: 'dizziness', intervention: 'fall precautions', action: 'none' }],
  [5, { type: 'hypertension', intervention: 'infusion slowed, BP rechecked', action: 'slowed' }],
  [
    5,
    {
      type: 'vomiting',
      intervention: 'antiemetic given',
      drug: 'ondansetron',
      dose: '4 mg IV',
      action: 'paused',
    },
  ],
];

function sessionHistory(rng, ctx, tables, audit, p, plan, o) {
  const { calendar, grid, clinic, settings } = ctx;
  const t = plan.terms;
  const { frontDesk, nurse: screeningNurse, clinician } = o.staff;
  const recovery = settings.bookedRecoveryMinutes;
  const span = Math.ceil((t.infusionMinutes + recovery) / SLOT_MINUTES);
  const minStep = Math.floor(t.minHours / 24) + 1;
  const horizon = ctx.baseDay + HORIZON_DAYS;
  const log = (actor, action, name, type, id, when) =>
    audit.add(clinic.id, actor, action, name, type, id, when);
  const r = {
    sessions: 0,
    discharged: 0,
    inductionStartedAt: null,
    inductionCompletedAt: null,
    maintenanceStartedAt: null,
    endedAt: null,
    discontinueReason: null,
    lastActivity: null,
  };
  const event = (name, from, to, actor, reason, sessionId, when) => {
    plan.events.push([name, from, to, actor, reason, sessionId, when, null]);
    r.lastActivity = when;
  };
  /** Ends the plan at `when` unless that is after the base instant (then it stays open). */
  const end = (to, reason, when) => {
    if (when.getTime() >= ctx.baseMs) return;
    event(to, plan.status, to, clinician, reason, null, when);
    plan.status = to;
    r.endedAt = when;
    if (to === 'discontinued') r.discontinueReason = reason;
  };

  let phase = 'induction';
  let inductionDone = 0;
  let boosters = 0;
  const boosterLimit = o.maintenancePlanned ?? rng.int(2, 10);
  let d = o.firstDay;
  let score;
  for (let guard = 0; guard < 200; guard += 1) {
    let booking = null;
    for (let tries = 0; tries < 21 && !booking; tries += 1) {
      d = nextOpen(calendar, d);
      if (d >= horizon) break;
      booking = grid.book(d, span, rng);
      if (!booking) d += 1;
    }
    if (!booking) break;
    const start = calendar.slotStart(d, booking.slot);
    const s = {
      id: rng.uuid(),
      day: d,
      start,
      chair: clinic.chairs[booking.chair],
      nurse:
        clinic.staff.nurse[
          nurseFor(calendar.absoluteDay(d), booking.chair, clinic.staff.nurse.length)
        ],
    };
    const lead = rng.int(1, 10) * DAY_MS;
    const earliest = plan.activatedAt.getTime() + 5 * MIN;
    const created = new Date(
      Math.max(
        earliest,
        Math.min(start.getTime() - lead, Math.min(start.getTime(), ctx.baseMs) - 30 * MIN),
      ),
    );
    const row = {
      id: s.id,
      clinic_id: clinic.id,
      patient_id: p.id,
      plan_id: plan.id,
      plan_phase: phase,
      plan_amendment_number: 1,
      chair_id: s.chair.id,
      nurse_id: s.nurse.id,
      status: 'scheduled',
      scheduled_start: start,
      infusion_minutes: t.infusionMinutes,
      recovery_minutes: recovery,
      booked_during: tstzrange(
        start,
        new Date(start.getTime() + (t.infusionMinutes + recovery) * MIN),
      ),
      scheduled_by: frontDesk.id,
      escort_confirmed: false,
      fasting_confirmed: false,
      stopped_early: false,
      orientation_confirmed: false,
      escort_present: false,
    };
    r.sessions += 1;
    log(frontDesk, 'create', null, 'InfusionSession', s.id, created);
    if (start.getTime() >= ctx.baseMs) {
      tables.infusion_sessions.add(stamp(row, created));
      d += Math.max(
        minStep,
        phase === 'induction' ? rng.pick([2, 2, 3]) : (o.maintenanceInterval ?? 35),
      );
      continue;
    }
    const outcome = rng.weighted([
      [94, 'discharged'],
      [4, 'cancelled'],
      [2, 'no_show'],
    ]);
    if (outcome !== 'discharged') {
      const when =
        outcome === 'cancelled'
          ? new Date(Math.max(created.getTime() + MIN, start.getTime() - rng.int(2, 48) * 60 * MIN))
          : new Date(start.getTime() + 30 * MIN);
      Object.assign(
        row,
        outcome === 'cancelled'
          ? {
              status: 'cancelled',
              cancelled_at: when,
              cancelled_by: frontDesk.id,
              cancel_reason: rng.pick([
                'patient unwell',
                'no escort available',
                'work conflict',
                'transport fell through',
              ]),
            }
          : { status: 'no_show', no_show_at: when, no_show_by: frontDesk.id },
      );
      tables.infusion_sessions.add(stamp(row, created, 2, when));
      log(frontDesk, 'action', outcome, 'InfusionSession', s.id, when);
      d += rng.int(1, 3);
      continue;
    }

    // The infusion, from check-in to signature.
    const count = inductionDone + boosters;
    score = clinical.scoreAfter(rng, o.baseline.phq9.total, o.profile, count, 27);
    const checkedIn = new Date(start.getTime() - rng.int(15, 25) * MIN);
    const started = new Date(start.getTime() + rng.int(0, 10) * MIN);
    const stoppedEarly = rng.chance(0.025);
    const minutes = stoppedEarly
      ? Math.round(t.infusionMinutes * rng.range(0.5, 0.8))
      : t.infusionMinutes;
    const ended = new Date(started.getTime() + minutes * MIN + rng.int(0, 59999));
    const slotEnd = start.getTime() + span * SLOT_MINUTES * MIN;
    const discharged = new Date(
      Math.min(ended.getTime() + rng.int(settings.minRecoveryMinutes, 55) * MIN, slotEnd - 2 * MIN),
    );
    const weight = clinical.round1(p.weightKg + rng.normal(0, 0.8));
    const planned = clinical.round1(t.doseMgPerKg * weight);
    const given = stoppedEarly ? clinical.round1((planned * minutes) / t.infusionMinutes) : planned;
    const drawn = Math.ceil(planned / 50) * 50;
    const rate = Math.round((planned / (t.infusionMinutes / 60)) * 100) / 100;
    const lot = ctx.lots.draw(rng, d, drawn, tables, audit);
    Object.assign(row, {
      status: 'discharged',
      checked_in_at: checkedIn,
      checked_in_by: frontDesk.id,
      escort_confirmed: true,
      fasting_confirmed: true,
      started_at: started,
      started_by: s.nurse.id,
      weight_kg: weight,
      weight_basis: 'actual',
      dose_mg_per_kg: t.doseMgPerKg,
      planned_dose_mg: planned,
      ceiling_mg: clinical.round1(t.ceilingMgPerKg * weight),
      rate_mg_per_hour: rate,
      lot_id: lot.id,
      administered_mg: given,
      infusion_ended_at: ended,
      ended_by: s.nurse.id,
      stopped_early: stoppedEarly,
      stop_reason: stoppedEarly ? 'patient asked to stop: distressing dissociation' : null,
      orientation_confirmed: true,
      escort_present: true,
      notes: rng.chance(0.3)
        ? rng.pick([
            'Tolerated well.',
            'Music and eye mask used.',
            'Mild dissociation, settled quickly.',
            'Escort waited in the lounge.',
          ])
        : null,
      discharged_at: discharged,
      discharged_by: clinician.id,
      occupied_during: tstzrange(started, discharged),
    });
    const signed = discharged.getTime() + rng.int(10, 240) * MIN < ctx.baseMs && rng.chance(0.97);
    const signedAt = new Date(discharged.getTime() + rng.int(10, 240) * MIN);
    // Written signed (the signature's version and time): its vitals and events are recorded
    // before signedAt, and the seed disables the insert locks that order those writes.
    if (signed && signedAt.getTime() < ctx.baseMs) {
      Object.assign(row, { signed_at: signedAt, signed_by: clinician.id });
      tables.infusion_sessions.add(stamp(row, created, 7, signedAt));
    } else {
      tables.infusion_sessions.add(stamp(row, created, 6, discharged));
    }
    log(frontDesk, 'action', 'check_in', 'InfusionSession', s.id, checkedIn);
    log(s.nurse, 'action', 'start', 'InfusionSession', s.id, started);
    log(s.nurse, 'action', 'end', 'InfusionSession', s.id, ended);
    log(clinician, 'action', 'discharge', 'InfusionSession', s.id, discharged);
    if (signed && signedAt.getTime() < ctx.baseMs)
      log(clinician, 'action', 'sign', 'InfusionSession', s.id, signedAt);

    // Pre-session scales (PHQ-9 every time; the indication's scale every third session).
    const preAt = new Date(checkedIn.getTime() + 2 * MIN);
    const item9 = rng.chance(count === 0 ? 0.05 : 0.01) ? 1 : 0;
    assess(ctx, rng, tables, audit, p, {
      scale: 'phq9',
      total: score,
      fixed: { 8: item9 },
      context: 'pre_session',
      at: preAt,
      by: s.nurse,
      reviewer: clinician,
      sessionId: s.id,
    });
    const second = o.scales[1];
    if (second && count % 3 === 0) {
      const base = o.baseline[second].total;
      const max = clinical.SCALE_SHAPE[second].items * clinical.SCALE_SHAPE[second].max;
      assess(ctx, rng, tables, audit, p, {
        scale: second,
        total: clinical.scoreAfter(rng, base, o.profile, count, max),
        context: 'pre_session',
        at: new Date(preAt.getTime() + MIN),
        by: s.nurse,
        reviewer: clinician,
        sessionId: s.id,
      });
    }

    sessionCare(rng, ctx, tables, p, s, {
      checkedIn,
      started,
      ended,
      discharged,
      minutes,
      rate,
      planned,
      given,
      drawn,
      lot,
      stoppedEarly,
      clinician,
    });

    // Plan progress (as the discharge hook records it), then the automatic follow-ups.
    tables.treatment_plan_infusions.add(
      stamp(
        {
          id: rng.uuid(),
          clinic_id: clinic.id,
          plan_id: plan.id,
          session_id: s.id,
          phase,
          completed_at: discharged,
        },
        discharged,
      ),
    );
    event('infusion_recorded', null, null, null, null, s.id, discharged);
    if (r.inductionStartedAt === null) r.inductionStartedAt = started;
    r.discharged += 1;
    followUps(rng, ctx, tables, audit, p, s, discharged, score, {
      clinician,
      nurse: screeningNurse,
    });

    if (phase === 'induction') {
      inductionDone += 1;
      const futile = o.profile.kind === 'non_responder' && inductionDone === 4 && rng.chance(0.6);
      if (rng.chance(0.03) || futile) {
        end(
          'discontinued',
          futile
            ? 'No response after 4 infusions (futility, APA consensus)'
            : 'Patient withdrew from treatment',
          new Date(discharged.getTime() + rng.int(2, 10) * DAY_MS),
        );
        break;
      }
      if (inductionDone === t.inductionPlanned) {
        r.inductionCompletedAt = discharged;
        event('induction_completed', null, null, null, null, s.id, discharged);
        const maintain = rng.chance({ responder: 0.8, partial: 0.45 }[o.profile.kind] ?? 0);
        if (!maintain) {
          end('completed', null, new Date(discharged.getTime() + rng.int(7, 14) * DAY_MS));
          break;
        }
        const startsAt = new Date(discharged.getTime() + rng.int(7, 14) * DAY_MS);
        if (startsAt.getTime() >= ctx.baseMs) break;
        event('maintenance_started', 'active', 'maintenance', clinician, null, null, startsAt);
        plan.status = 'maintenance';
        r.maintenanceStartedAt = startsAt;
        phase = 'maintenance';
        d = calendar.dayIndexOf(startsAt) + rng.int(0, 7);
        continue;
      }
      d += Math.max(minStep, rng.pick([2, 2, 3]));
    } else {
      boosters += 1;
      if (boosters >= boosterLimit) {
        end('completed', null, new Date(discharged.getTime() + rng.int(14, 28) * DAY_MS));
        break;
      }
      d += Math.max(minStep, (o.maintenanceInterval ?? rng.int(28, 56)) + rng.int(-3, 3));
    }
  }
  return r;
}

/** Infusion events, vitals, adverse events and the controlled-substance ledger of one infusion. */
function sessionCare(rng, ctx, tables, p, s, c) {
  const clinicId = p.clinicId;
  const nurseId = s.nurse.id;
  const rest = clinical.restingVitals(rng);
  const vitals = (phase, takenAt, reading, extra) => {
    tables.session_vitals.add(
      stamp(
        {
          id: rng.uuid(),
          clinic_id: clinicId,
          session_id: s.id,
          phase,
          taken_at: takenAt,
          systolic: reading.systolic,
          diastolic: reading.diastolic,
          heart_rate: reading.heartRate,
          spo2: reading.spo2,
          respiratory_rate: reading.respiratoryRate,
          ...extra,
          flags: ctx.rules.flagVitals(reading, phase === 'pre' ? 'pre' : 'intra', ctx.settings),
          recorded_by: nurseId,
        },
        takenAt,
      ),
    );
  };
  vitals('pre', new Date(c.checkedIn.getTime() + 8 * MIN), rest, {
    sedation_scale: 'moaas',
    sedation_score: 5,
    oriented: true,
  });
  const infusing = c.ended.getTime() - c.started.getTime();
  for (let m = 10; m * MIN <= infusing; m += ctx.settings.monitoringIntervalMinutes) {
    const dissociated = rng.chance(0.6);
    vitals(
      'infusion',
      new Date(c.started.getTime() + m * MIN),
      clinical.readingAt(rng, rest, m, c.minutes),
      {
        sedation_scale: 'moaas',
        sedation_score: dissociated ? rng.int(3, 4) : 5,
        dissociation_observed: dissociated,
      },
    );
  }
  const recoveryStep = ctx.settings.recoveryMonitoringIntervalMinutes * MIN;
  for (let at = c.ended.getTime() + recoveryStep; at < c.discharged.getTime(); at += recoveryStep) {
    const m = (at - c.started.getTime()) / MIN;
    vitals('recovery', new Date(at), clinical.readingAt(rng, rest, m + 30, c.minutes), {
      sedation_scale: 'moaas',
      sedation_score: 5,
      dissociation_observed: false,
      oriented: true,
    });
  }
  vitals(
    'recovery',
    new Date(c.discharged.getTime() - MIN),
    { ...rest, spo2: Math.max(rest.spo2, 96) },
    {
      sedation_scale: 'moaas',
      sedation_score: 5,
      dissociation_observed: false,
      oriented: true,
      observation: 'Alert and oriented x3; discharge criteria met',
    },
  );

  tables.session_infusion_events.add(
    stamp(
      {
        id: rng.uuid(),
        clinic_id: clinicId,
        session_id: s.id,
        kind: 'start',
        rate_mg_per_hour: c.rate,
        reason: null,
        recorded_by: nurseId,
        occurred_at: c.started,
      },
      c.started,
    ),
  );
  tables.session_infusion_events.add(
    stamp(
      {
        id: rng.uuid(),
        clinic_id: clinicId,
        session_id: s.id,
        kind: 'stop',
        rate_mg_per_hour: null,
        reason: c.stoppedEarly ? 'patient asked to stop' : null,
        recorded_by: nurseId,
        occurred_at: c.ended,
      },
      c.ended,
    ),
  );

  if (rng.chance(0.12)) {
    const ae = rng.weighted(ADVERSE);
    const onset = new Date(c.started.getTime() + rng.int(5, Math.max(6, c.minutes)) * MIN);
    const resolved = new Date(
      Math.min(onset.getTime() + rng.int(5, 40) * MIN, c.discharged.getTime() - 2 * MIN),
    );
    tables.session_adverse_events.add(
      stamp(
        {
          id: rng.uuid(),
          clinic_id: clinicId,
          session_id: s.id,
          type: ae.type,
          description: null,
          severity: rng.chance(0.85) ? 'mild' : 'moderate',
          serious: false,
          onset_at: onset,
          infusion_action: ae.action,
          intervention: ae.intervention,
          intervention_drug: ae.drug ?? null,
          intervention_dose: ae.dose ?? null,
          outcome: 'resolved',
          resolved_at: resolved,
          recorded_by: nurseId,
        },
        onset,
      ),
    );
  }

  const ledger = (kind, mg, at, witness, reason) =>
    tables.controlled_substance_ledger_entries.add(
      stamp(
        {
          id: rng.uuid(),
          clinic_id: clinicId,
          lot_id: c.lot.id,
          kind,
          quantity_mg: mg,
          session_id: s.id,
          actor_id: nurseId,
          witness_id: witness,
          reason,
          occurred_at: at,
        },
        at,
      ),
    );
  ledger('draw', c.drawn, new Date(c.started.getTime() - 3 * MIN), null, null);
  ledger('administer', c.given, c.ended, null, null);
  const waste = Math.round((c.drawn - c.given) * 10) / 10;
  if (waste > 0) {
    ledger(
      'waste',
      waste,
      new Date(c.ended.getTime() + MIN),
      c.clinician.id,
      c.stoppedEarly ? 'infusion stopped early' : 'remainder of draw',
    );
  }
}

/** §issue 5: automatic follow-ups the day after and a week after discharge; closed if past. */
function followUps(rng, ctx, tables, audit, p, s, discharged, score, staff) {
  const { calendar } = ctx;
  for (const after of ctx.settings.followUpDaysAfterSession) {
    const dueDay = s.day + after;
    const id = rng.uuid();
    const row = {
      id,
      clinic_id: p.clinicId,
      patient_id: p.id,
      session_id: s.id,
      origin: 'automatic',
      due_date: calendar.date(dueDay),
      status: 'due',
      created_by: staff.clinician.id,
    };
    audit.add(p.clinicId, staff.clinician, 'create', null, 'FollowUp', id, discharged);
    const contacted = calendar.at(dueDay, 10 * 60 + rng.int(0, 6 * 60));
    if (dueDay >= ctx.baseDay || contacted.getTime() >= ctx.baseMs) {
      tables.follow_ups.add(stamp(row, discharged));
      continue;
    }
    const completed = rng.chance(0.88);
    const sideEffects = completed && rng.chance(0.15);
    Object.assign(
      row,
      completed
        ? {
            status: 'completed',
            method: rng.weighted([
              [80, 'call'],
              [15, 'message'],
              [5, 'visit'],
            ]),
            contacted_at: contacted,
            side_effects_present: sideEffects,
            side_effects_details: sideEffects
              ? rng.pick([
                  'mild headache the evening after',
                  'tired the next day',
                  'some nausea, resolved',
                ])
              : null,
            next_step: 'continue',
          }
        : { status: 'missed', outcome_note: 'No answer; voicemail left' },
      { closed_at: contacted, closed_by: staff.nurse.id },
    );
    tables.follow_ups.add(stamp(row, discharged, 2, contacted));
    audit.add(
      p.clinicId,
      staff.nurse,
      'action',
      completed ? 'complete' : 'miss',
      'FollowUp',
      id,
      contacted,
    );
    if (completed && after === 7) {
      assess(ctx, rng, tables, audit, p, {
        scale: 'phq9',
        total: score,
        fixed: { 8: 0 },
        context: 'follow_up',
        at: contacted,
        by: staff.nurse,
        reviewer: staff.clinician,
        followUpId: id,
      });
    }
  }
}

module.exports = { sessionHistory, nextOpen, HORIZON_DAYS };
