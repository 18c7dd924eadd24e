import {
  DomainException,
  HttpStatusCode,
  ProblemExtras,
} from 'src/common/problem/domain.exception';

/** Every business-rule failure of the sessions area (chairs, lots, sessions). */
export enum SessionExceptionCode {
  CHAIR_NOT_FOUND = 'CHAIR_NOT_FOUND',
  CHAIR_INACTIVE = 'CHAIR_INACTIVE',
  CHAIR_HAS_BOOKINGS = 'CHAIR_HAS_BOOKINGS',
  LOT_NOT_FOUND = 'LOT_NOT_FOUND',
  LOT_EXPIRED = 'LOT_EXPIRED',
  LOT_INSUFFICIENT = 'LOT_INSUFFICIENT',
  WITNESS_INVALID = 'WITNESS_INVALID',
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  SESSION_SIGNED = 'SESSION_SIGNED',
  SESSION_NOT_SIGNED = 'SESSION_NOT_SIGNED',
  PLAN_NOT_ACTIVE = 'PLAN_NOT_ACTIVE',
  PLAN_PHASE_COMPLETE = 'PLAN_PHASE_COMPLETE',
  INFUSION_SPACING = 'INFUSION_SPACING',
  NURSE_INVALID = 'NURSE_INVALID',
  NURSE_RATIO_EXCEEDED = 'NURSE_RATIO_EXCEEDED',
  PRE_INFUSION_GATE_FAILED = 'PRE_INFUSION_GATE_FAILED',
  OVERRIDE_NOT_ALLOWED = 'OVERRIDE_NOT_ALLOWED',
  DOSE_ABOVE_CEILING = 'DOSE_ABOVE_CEILING',
  DISCHARGE_CRITERIA_NOT_MET = 'DISCHARGE_CRITERIA_NOT_MET',
  DRAW_REQUIRED = 'DRAW_REQUIRED',
  DRAWN_NOT_ACCOUNTED = 'DRAWN_NOT_ACCOUNTED',
  INFUSION_NOT_RUNNING = 'INFUSION_NOT_RUNNING',
  PLAN_PATIENT_MISMATCH = 'PLAN_PATIENT_MISMATCH',
  SESSION_CLOSED = 'SESSION_CLOSED',
  STOP_REASON_REQUIRED = 'STOP_REASON_REQUIRED',
  ADMINISTERED_AMOUNT_REQUIRED = 'ADMINISTERED_AMOUNT_REQUIRED',
  SCHEDULED_START_IN_PAST = 'SCHEDULED_START_IN_PAST',
  SESSION_RECORD_NOT_FOUND = 'SESSION_RECORD_NOT_FOUND',
  STAFF_CREDENTIALS_INVALID = 'STAFF_CREDENTIALS_INVALID',
}

const STATUS: Record<SessionExceptionCode, HttpStatusCode> = {
  CHAIR_NOT_FOUND: 404,
  CHAIR_INACTIVE: 409,
  CHAIR_HAS_BOOKINGS: 409,
  LOT_NOT_FOUND: 404,
  LOT_EXPIRED: 422,
  LOT_INSUFFICIENT: 409,
  WITNESS_INVALID: 400,
  SESSION_NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  SESSION_SIGNED: 409,
  SESSION_NOT_SIGNED: 409,
  PLAN_NOT_ACTIVE: 409,
  PLAN_PHASE_COMPLETE: 409,
  INFUSION_SPACING: 409,
  NURSE_INVALID: 400,
  NURSE_RATIO_EXCEEDED: 409,
  PRE_INFUSION_GATE_FAILED: 422,
  OVERRIDE_NOT_ALLOWED: 403,
  DOSE_ABOVE_CEILING: 422,
  DISCHARGE_CRITERIA_NOT_MET: 422,
  DRAW_REQUIRED: 422,
  DRAWN_NOT_ACCOUNTED: 422,
  INFUSION_NOT_RUNNING: 409,
  PLAN_PATIENT_MISMATCH: 400,
  SESSION_CLOSED: 409,
  STOP_REASON_REQUIRED: 400,
  ADMINISTERED_AMOUNT_REQUIRED: 400,
  SCHEDULED_START_IN_PAST: 400,
  SESSION_RECORD_NOT_FOUND: 404,
  STAFF_CREDENTIALS_INVALID: 422,
};

export class SessionException extends DomainException {
  constructor(code: SessionExceptionCode, message: string, extras?: ProblemExtras) {
    super(code, STATUS[code], message, extras);
  }

  static chairNotFound(): SessionException {
    return new SessionException(SessionExceptionCode.CHAIR_NOT_FOUND, 'Chair not found');
  }

  static lotNotFound(): SessionException {
    return new SessionException(SessionExceptionCode.LOT_NOT_FOUND, 'Lot not found');
  }

  static illegal(status: string, action: string): SessionException {
    return new SessionException(
      SessionExceptionCode.ILLEGAL_TRANSITION,
      `Cannot ${action.replace('_', '-')} a session that is ${status.replace('_', ' ')}`,
      { currentStatus: status, action },
    );
  }

  static signed(): SessionException {
    return new SessionException(
      SessionExceptionCode.SESSION_SIGNED,
      'The session record is signed and locked; add an addendum instead',
    );
  }

  static sessionNotFound(): SessionException {
    return new SessionException(SessionExceptionCode.SESSION_NOT_FOUND, 'Session not found');
  }
}
