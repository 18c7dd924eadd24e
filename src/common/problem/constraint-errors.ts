/**
 * Constraint names (set by us in migrations/) translated into what a client can act on.
 * A violation of a constraint not listed here still answers 409, with a generic message.
 */
export const CONSTRAINT_ERRORS: Record<string, { code: string; message: string }> = {
  users_email_key: { code: 'USER_EMAIL_TAKEN', message: 'A user with this email already exists' },
  clinics_code_key: {
    code: 'CLINIC_CODE_TAKEN',
    message: 'A clinic with this code already exists',
  },
  patients_clinic_mrn_key: {
    code: 'PATIENT_MRN_TAKEN',
    message: 'A patient with this MRN already exists in the clinic',
  },
  patient_identifiers_clinic_system_value_key: {
    code: 'PATIENT_IDENTIFIER_TAKEN',
    message: 'Another patient of the clinic already has this identifier value in this system',
  },
  patient_identifiers_patient_system_key: {
    code: 'PATIENT_IDENTIFIER_DUPLICATE_SYSTEM',
    message: 'A patient may have one identifier per system',
  },
  consultation_appointments_clinician_no_overlap: {
    code: 'CLINICIAN_DOUBLE_BOOKED',
    message: 'The clinician already has a consultation appointment overlapping this time',
  },
  consultation_appointments_request_key: {
    code: 'CONSULTATION_REQUEST_ALREADY_CONVERTED',
    message: 'This consultation request already has an appointment',
  },
  staff_credentials_user_kind_identifier_key: {
    code: 'CREDENTIAL_DUPLICATE',
    message: 'The user already holds a live credential of this kind with this number',
  },
  chairs_clinic_name_key: {
    code: 'CHAIR_NAME_TAKEN',
    message: 'The clinic already has a chair with this name',
  },
  controlled_substance_lots_clinic_lot_key: {
    code: 'LOT_NUMBER_TAKEN',
    message: 'The clinic already recorded a lot with this number for this drug',
  },
  infusion_sessions_chair_double_booked: {
    code: 'CHAIR_DOUBLE_BOOKED',
    message: 'The chair is already booked for part of that time',
  },
  infusion_sessions_patient_double_booked: {
    code: 'PATIENT_DOUBLE_BOOKED',
    message: 'The patient already has a session booked for part of that time',
  },
  infusion_sessions_chair_occupied: {
    code: 'CHAIR_OCCUPIED',
    message: 'Another patient is in this chair at that time',
  },
  infusion_sessions_patient_occupied: {
    code: 'PATIENT_IN_ANOTHER_SESSION',
    message: 'The patient is in another session at that time',
  },
  infusion_sessions_nurse_occupied_ratio: {
    code: 'NURSE_AT_RATIO_LIMIT',
    message: 'The nurse would have more patients in the chair at once than the clinic allows',
  },
  infusion_sessions_nurse_ratio: {
    code: 'NURSE_RATIO_EXCEEDED',
    message: 'The nurse would monitor more patients at once than the clinic allows',
  },
  infusion_sessions_signed_lock: {
    code: 'SESSION_SIGNED',
    message: 'The session record is signed and locked; add an addendum instead',
  },
  session_record_signed: {
    code: 'SESSION_SIGNED',
    message: 'The session record is signed and locked; add an addendum instead',
  },
  treatment_plans_one_open_per_patient: {
    code: 'TREATMENT_PLAN_ALREADY_OPEN',
    message: 'The patient already has an active, maintenance or on-hold treatment plan',
  },
  treatment_plan_versions_plan_number_key: {
    code: 'TREATMENT_PLAN_AMENDED_CONCURRENTLY',
    message: 'The plan was amended at the same time; read it again and retry',
  },
  follow_ups_session_due_key: {
    code: 'FOLLOW_UP_ALREADY_SCHEDULED',
    message: 'This session already has an automatic follow-up on that date',
  },
  alerts_assessment_kind_key: {
    code: 'ALERT_ALREADY_RAISED',
    message: 'This assessment has already raised an alert of this kind',
  },
};

/**
 * The known conflict for a database error: a violation (SQLSTATE class 23, integrity constraint)
 * of one of the constraints above, including those raised by our triggers under a constraint name
 * (e.g. a signed session's lock). Undefined for anything else.
 */
export function knownConstraintConflict(
  sqlState: string | undefined,
  constraint: string | undefined,
): { code: string; message: string } | undefined {
  if (!sqlState?.startsWith('23') || !constraint) {
    return undefined;
  }
  return Object.prototype.hasOwnProperty.call(CONSTRAINT_ERRORS, constraint)
    ? CONSTRAINT_ERRORS[constraint]
    : undefined;
}
