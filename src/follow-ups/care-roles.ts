import { StaffRole } from 'src/auth/actor';

/**
 * Who may read measurement-based-care data. Scores, alerts, follow-up contacts (with their
 * side-effect check and next step) and the journal are clinical: front desk has no access.
 */
export const CARE_TEAM = [StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE];
/**
 * Who may write clinical data (assessments, follow-ups and their outcome, journal entries): the
 * staff who see the patient. Admins run the clinic and keep read access only.
 */
export const CLINICAL_WRITERS = [StaffRole.CLINICIAN, StaffRole.NURSE];
/**
 * Reviewing a suicide-risk finding is a clinician's decision, and acknowledging it is the only way
 * to clear the non-overridable SUICIDE_RISK_ALERT_UNREVIEWED pre-infusion check (§5): clinicians
 * only, not admins.
 */
export const ALERT_REVIEWERS = [StaffRole.CLINICIAN];
