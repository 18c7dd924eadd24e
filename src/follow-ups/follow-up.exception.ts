import { DomainException, HttpStatusCode } from 'src/common/problem/domain.exception';

export enum FollowUpExceptionCode {
  INSTRUMENT_NOT_FOUND = 'INSTRUMENT_NOT_FOUND',
  INVALID_RESPONSES = 'INVALID_RESPONSES',
  ASSESSMENT_NOT_FOUND = 'ASSESSMENT_NOT_FOUND',
  ALERT_NOT_FOUND = 'ALERT_NOT_FOUND',
  ALERT_ALREADY_ACKNOWLEDGED = 'ALERT_ALREADY_ACKNOWLEDGED',
  FOLLOW_UP_NOT_FOUND = 'FOLLOW_UP_NOT_FOUND',
  FOLLOW_UP_NOT_DUE = 'FOLLOW_UP_NOT_DUE',
  FOLLOW_UP_OTHER_PATIENT = 'FOLLOW_UP_OTHER_PATIENT',
  SESSION_OTHER_PATIENT = 'SESSION_OTHER_PATIENT',
  CLINIC_REQUIRED = 'CLINIC_REQUIRED',
  PATIENT_ARCHIVED = 'PATIENT_ARCHIVED',
  JOURNAL_ENTRY_NOT_FOUND = 'JOURNAL_ENTRY_NOT_FOUND',
  ENTRY_DATE_IN_FUTURE = 'ENTRY_DATE_IN_FUTURE',
  DUE_DATE_IN_PAST = 'DUE_DATE_IN_PAST',
}

const STATUS: Record<FollowUpExceptionCode, HttpStatusCode> = {
  INSTRUMENT_NOT_FOUND: 400,
  INVALID_RESPONSES: 400,
  ASSESSMENT_NOT_FOUND: 404,
  ALERT_NOT_FOUND: 404,
  ALERT_ALREADY_ACKNOWLEDGED: 409,
  FOLLOW_UP_NOT_FOUND: 404,
  FOLLOW_UP_NOT_DUE: 409,
  FOLLOW_UP_OTHER_PATIENT: 400,
  SESSION_OTHER_PATIENT: 400,
  CLINIC_REQUIRED: 400,
  PATIENT_ARCHIVED: 409,
  JOURNAL_ENTRY_NOT_FOUND: 404,
  ENTRY_DATE_IN_FUTURE: 400,
  DUE_DATE_IN_PAST: 400,
};

export class FollowUpException extends DomainException {
  constructor(code: FollowUpExceptionCode, message: string, extras?: DomainException['extras']) {
    super(code, STATUS[code], message, extras);
  }

  /** A 400 that names the offending field, like the validation pipe's. */
  static invalid(code: FollowUpExceptionCode, field: string, message: string): FollowUpException {
    return new FollowUpException(code, message, { errors: [{ field, message }] });
  }

  /** New clinical records are not added to an archived patient (restore it first). */
  static assertNotArchived(patient: { archivedAt: Date | null }): void {
    if (patient.archivedAt) {
      throw new FollowUpException(
        FollowUpExceptionCode.PATIENT_ARCHIVED,
        'The patient is archived; restore it before recording anything new',
      );
    }
  }
}
