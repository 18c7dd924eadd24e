import { DomainException, HttpStatusCode } from 'src/common/problem/domain.exception';

export enum ScreeningExceptionCode {
  SCREENING_NOT_FOUND = 'SCREENING_NOT_FOUND',
  SCREENING_ALREADY_SIGNED = 'SCREENING_ALREADY_SIGNED',
  SCREENING_SUPERSEDED = 'SCREENING_SUPERSEDED',
  OVERRIDE_NOT_ALLOWED = 'OVERRIDE_NOT_ALLOWED',
  NOTHING_TO_OVERRIDE = 'NOTHING_TO_OVERRIDE',
  RATIONALE_REQUIRED = 'RATIONALE_REQUIRED',
  PRIMARY_INDICATION_NOT_LISTED = 'PRIMARY_INDICATION_NOT_LISTED',
  PATIENT_ARCHIVED = 'PATIENT_ARCHIVED',
  SCREENED_IN_FUTURE = 'SCREENED_IN_FUTURE',
  /** §2.3 re-check refused: failedChecks names each BpRecheckCheck. */
  BP_RECHECK_NOT_ALLOWED = 'BP_RECHECK_NOT_ALLOWED',
  /** One re-check per screening: record a new screening to measure again. */
  BP_RECHECK_ALREADY_RECORDED = 'BP_RECHECK_ALREADY_RECORDED',
}

const STATUS: Record<ScreeningExceptionCode, HttpStatusCode> = {
  SCREENING_NOT_FOUND: 404,
  SCREENING_ALREADY_SIGNED: 409,
  SCREENING_SUPERSEDED: 409,
  OVERRIDE_NOT_ALLOWED: 422,
  NOTHING_TO_OVERRIDE: 409,
  RATIONALE_REQUIRED: 400,
  PRIMARY_INDICATION_NOT_LISTED: 400,
  PATIENT_ARCHIVED: 409,
  SCREENED_IN_FUTURE: 400,
  BP_RECHECK_NOT_ALLOWED: 422,
  BP_RECHECK_ALREADY_RECORDED: 409,
};

export class ScreeningException extends DomainException {
  constructor(code: ScreeningExceptionCode, message: string, extras?: DomainException['extras']) {
    super(code, STATUS[code], message, extras);
  }

  static notFound(): ScreeningException {
    return new ScreeningException(
      ScreeningExceptionCode.SCREENING_NOT_FOUND,
      'Screening not found',
    );
  }
}
