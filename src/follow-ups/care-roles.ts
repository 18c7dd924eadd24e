import { StaffRole } from 'src/auth/actor';

/**
 * Who may touch measurement-based-care data. Scores, alerts, follow-up contacts (with their
 * side-effect check and next step) and the journal are clinical: front desk has no access.
 */
export const CARE_TEAM = [StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE];
/** Reviewing a suicide-risk finding is a clinician's decision (admins too, as elsewhere). */
export const ALERT_REVIEWERS = [StaffRole.ADMIN, StaffRole.CLINICIAN];
