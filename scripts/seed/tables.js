// The tables the seed fills, with the columns it writes (the rest take their defaults), in an
// order that satisfies every foreign key and trigger when loaded top to bottom within a batch.
const { TableBuffer } = require('./copy');

const STAMPS = ['version', 'created_at', 'updated_at'];

/** Written once, before the patients: the clinics and what they run on. */
// prettier-ignore
const SETUP_TABLES = {
  clinics: [
    'id', 'name', 'code', 'timezone', 'phone', 'email', 'address', 'hours', 'treatments_offered',
    'listed_publicly', 'settings', 'mrn_sequence',
  ],
  users: ['id', 'email', 'password_hash', 'full_name', 'role', 'active'],
  user_clinics: ['user_id', 'clinic_id'],
  staff_credentials: [
    'id', 'user_id', 'kind', 'identifier', 'issuing_state', 'issued_on', 'expires_on',
    'verified_by', 'verified_at',
  ],
  chairs: ['id', 'clinic_id', 'name', 'description', 'active'],
  controlled_substance_lots: [
    'id', 'clinic_id', 'drug', 'concentration_mg_per_ml', 'lot_number', 'expires_on', 'received_mg',
    'on_hand_mg', 'received_at', 'received_by',
  ],
  controlled_substance_ledger_entries: [
    'id', 'clinic_id', 'lot_id', 'kind', 'quantity_mg', 'session_id', 'actor_id', 'witness_id',
    'reason', 'occurred_at',
  ],
  audit_events: [
    'id', 'clinic_id', 'actor_id', 'actor_role', 'action', 'action_name', 'resource_type',
    'resource_id', 'request_id', 'details', 'occurred_at', 'created_at', 'updated_at',
  ],
};

/** Written per batch of patients, in this order. */
// prettier-ignore
const PATIENT_TABLES = {
  patients: [
    'id', 'clinic_id', 'mrn', 'first_name', 'last_name', 'preferred_name', 'date_of_birth',
    'sex_at_birth', 'gender_identity', 'email', 'phone', 'address', 'emergency_contact',
    'weight_kg', 'weight_recorded_at', 'height_cm',
  ],
  patient_identifiers: ['id', 'clinic_id', 'patient_id', 'system', 'value'],
  controlled_substance_lots: SETUP_TABLES.controlled_substance_lots,
  consents: [
    'id', 'clinic_id', 'patient_id', 'kind', 'signed_at', 'expires_at', 'signed_by_patient',
    'witnessed_by', 'document_reference', 'recorded_by',
  ],
  screenings: [
    'id', 'clinic_id', 'patient_id', 'screened_at', 'recorded_by', 'indications',
    'primary_indication', 'psychiatric_history', 'antidepressant_trials', 'current_medications',
    'allergies', 'ketamine_hypersensitivity', 'benzodiazepine_lorazepam_eq_mg_per_day', 'pregnant',
    'breastfeeding', 'systolic_bp', 'diastolic_bp', 'heart_rate', 'thyroid_status',
    'cardiac_history', 'other_conditions', 'baseline_scores', 'age_years', 'decision', 'reasons',
    'signed_at', 'signed_by', 'sign_rationale', 'overridden',
  ],
  treatment_plans: [
    'id', 'clinic_id', 'patient_id', 'indication', 'prescriber_id', 'status', 'current_version_id',
    'amendment_number', 'activated_at', 'activation_screening_id', 'induction_started_at',
    'induction_completed_at', 'maintenance_started_at', 'ended_at', 'discontinue_reason',
    'created_by',
  ],
  treatment_plan_versions: [
    'id', 'clinic_id', 'plan_id', 'amendment_number', 'dose_mg_per_kg', 'infusion_minutes',
    'ceiling_mg_per_kg', 'weight_basis', 'titration_steps_mg_per_kg', 'induction_planned_infusions',
    'induction_window_days', 'min_hours_between_infusions', 'maintenance_interval_days',
    'maintenance_planned_infusions', 'maintenance_as_needed', 'adjunct_care', 'goals', 'author_id',
  ],
  treatment_plan_events: [
    'id', 'clinic_id', 'plan_id', 'event', 'from_status', 'to_status', 'actor_id', 'reason',
    'session_id', 'amendment_number', 'occurred_at',
  ],
  infusion_sessions: [
    'id', 'clinic_id', 'patient_id', 'plan_id', 'plan_phase', 'plan_amendment_number', 'chair_id',
    'nurse_id', 'status', 'scheduled_start', 'infusion_minutes', 'recovery_minutes',
    'booked_during', 'scheduled_by', 'checked_in_at', 'checked_in_by', 'escort_confirmed',
    'fasting_confirmed', 'started_at', 'started_by', 'weight_kg', 'weight_basis', 'dose_mg_per_kg',
    'planned_dose_mg', 'ceiling_mg', 'rate_mg_per_hour', 'lot_id', 'administered_mg',
    'infusion_ended_at', 'ended_by', 'stopped_early', 'stop_reason', 'orientation_confirmed',
    'escort_present', 'notes', 'discharged_at', 'discharged_by', 'cancelled_at', 'cancelled_by',
    'cancel_reason', 'no_show_at', 'no_show_by', 'occupied_during', 'signed_at', 'signed_by',
  ],
  session_infusion_events: [
    'id', 'clinic_id', 'session_id', 'kind', 'rate_mg_per_hour', 'reason', 'recorded_by',
    'occurred_at',
  ],
  session_vitals: [
    'id', 'clinic_id', 'session_id', 'phase', 'taken_at', 'systolic', 'diastolic', 'heart_rate',
    'spo2', 'respiratory_rate', 'sedation_scale', 'sedation_score', 'dissociation_observed',
    'oriented', 'flags', 'recorded_by',
  ],
  session_adverse_events: [
    'id', 'clinic_id', 'session_id', 'type', 'description', 'severity', 'serious', 'onset_at',
    'infusion_action', 'intervention', 'intervention_drug', 'intervention_dose', 'outcome',
    'resolved_at', 'recorded_by',
  ],
  controlled_substance_ledger_entries: SETUP_TABLES.controlled_substance_ledger_entries,
  treatment_plan_infusions: ['id', 'clinic_id', 'plan_id', 'session_id', 'phase', 'completed_at'],
  follow_ups: [
    'id', 'clinic_id', 'patient_id', 'session_id', 'origin', 'due_date', 'status', 'method',
    'contacted_at', 'side_effects_present', 'side_effects_details', 'notes', 'outcome_note',
    'next_step', 'closed_at', 'closed_by', 'created_by',
  ],
  assessments: [
    'id', 'clinic_id', 'patient_id', 'instrument_code', 'instrument_version', 'responses', 'total',
    'band', 'flags', 'context', 'administered_at', 'session_id', 'follow_up_id', 'recorded_by',
  ],
  alerts: [
    'id', 'clinic_id', 'patient_id', 'assessment_id', 'kind', 'severity', 'status',
    'acknowledged_by', 'acknowledged_at', 'acknowledgement_note',
  ],
  audit_events: SETUP_TABLES.audit_events,
};

/** Tables with created_at/updated_at the seed sets itself (to the record's own time, not now()). */
const STAMPED = new Set([
  ...Object.keys(SETUP_TABLES).filter((t) => t !== 'audit_events'),
  ...Object.keys(PATIENT_TABLES).filter((t) => t !== 'audit_events'),
]);

/** One buffer per table of a set, each with its columns plus version/created_at/updated_at. */
function buffersFor(tables) {
  const out = {};
  for (const [table, columns] of Object.entries(tables)) {
    out[table] = new TableBuffer(table, STAMPED.has(table) ? [...columns, ...STAMPS] : columns);
  }
  return out;
}

/** Sets a row's version and created_at/updated_at (the record's own times, not now()). */
function stamp(row, at, version = 1, updated = at) {
  return Object.assign(row, { version, created_at: at, updated_at: updated });
}

module.exports = { SETUP_TABLES, PATIENT_TABLES, buffersFor, stamp };
