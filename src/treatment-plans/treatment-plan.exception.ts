import { DomainException, HttpStatusCode } from 'src/common/problem/domain.exception';

export enum TreatmentPlanExceptionCode {
  PLAN_NOT_FOUND = 'PLAN_NOT_FOUND',
  PLAN_VERSION_NOT_FOUND = 'PLAN_VERSION_NOT_FOUND',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  PLAN_CLOSED = 'PLAN_CLOSED',
  PRESCRIBER_NOT_CLINICIAN = 'PRESCRIBER_NOT_CLINICIAN',
  PATIENT_ARCHIVED = 'PATIENT_ARCHIVED',
  DOSE_LIMIT_EXCEEDED = 'DOSE_LIMIT_EXCEEDED',
  INDUCTION_SCHEDULE_REFUSED = 'INDUCTION_SCHEDULE_REFUSED',
  ACTIVATION_REFUSED = 'ACTIVATION_REFUSED',
  INDUCTION_NOT_COMPLETE = 'INDUCTION_NOT_COMPLETE',
  NOTHING_TO_AMEND = 'NOTHING_TO_AMEND',
  NO_REVIEW_PENDING = 'NO_REVIEW_PENDING',
  INVALID_MAINTENANCE_SCHEDULE = 'INVALID_MAINTENANCE_SCHEDULE',
}

const STATUS: Record<TreatmentPlanExceptionCode, HttpStatusCode> = {
  PLAN_NOT_FOUND: 404,
  PLAN_VERSION_NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  PLAN_CLOSED: 409,
  PRESCRIBER_NOT_CLINICIAN: 400,
  PATIENT_ARCHIVED: 409,
  DOSE_LIMIT_EXCEEDED: 422,
  INDUCTION_SCHEDULE_REFUSED: 422,
  ACTIVATION_REFUSED: 422,
  INDUCTION_NOT_COMPLETE: 422,
  NOTHING_TO_AMEND: 400,
  NO_REVIEW_PENDING: 409,
  INVALID_MAINTENANCE_SCHEDULE: 400,
};

export class TreatmentPlanException extends DomainException {
  constructor(
    code: TreatmentPlanExceptionCode,
    message: string,
    extras?: DomainException['extras'],
  ) {
    super(code, STATUS[code], message, extras);
  }

  static notFound(): TreatmentPlanException {
    return new TreatmentPlanException(
      TreatmentPlanExceptionCode.PLAN_NOT_FOUND,
      'Treatment plan not found',
    );
  }
}
