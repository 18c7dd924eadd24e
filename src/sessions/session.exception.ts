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
  CHAIR_DOUBLE_BOOKED = 'CHAIR_DOUBLE_BOOKED',
  PATIENT_DOUBLE_BOOKED = 'PATIENT_DOUBLE_BOOKED',
  CHECK_IN_REFUSED = 'CHECK_IN_REFUSED',
  STOP_DECISION_PENDING = 'STOP_DECISION_PENDING',
  NO_STOP_DECISION_PENDING = 'NO_STOP_DECISION_PENDING',
  INFUSION_DELIVERY_IMPLAUSIBLE = 'INFUSION_DELIVERY_IMPLAUSIBLE',
  DISCHARGE_NEEDS_CLINICIAN = 'DISCHARGE_NEEDS_CLINICIAN',
  DISCHARGE_ANSWERS_REQUIRED = 'DISCHARGE_ANSWERS_REQUIRED',
  NOTHING_TO_COSIGN = 'NOTHING_TO_COSIGN',
  DISCHARGE_COSIGN_PENDING = 'DISCHARGE_COSIGN_PENDING',
  SEDATION_SCORE_OUT_OF_SCALE = 'SEDATION_SCORE_OUT_OF_SCALE',
  CORRECTION_EMPTY = 'CORRECTION_EMPTY',
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
  CHAIR_DOUBLE_BOOKED: 409,
  PATIENT_DOUBLE_BOOKED: 409,
  CHECK_IN_REFUSED: 422,
  STOP_DECISION_PENDING: 422,
  NO_STOP_DECISION_PENDING: 409,
  INFUSION_DELIVERY_IMPLAUSIBLE: 422,
  DISCHARGE_NEEDS_CLINICIAN: 403,
  DISCHARGE_ANSWERS_REQUIRED: 400,
  NOTHING_TO_COSIGN: 409,
  DISCHARGE_COSIGN_PENDING: 409,
  SEDATION_SCORE_OUT_OF_SCALE: 400,
  CORRECTION_EMPTY: 400,
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

  /** The infusion awaits a clinician's decision after a stop-threshold reading (§2.3). */
  static stopDecisionPending(holdId: string): SessionException {
    const message =
      'A reading at a stop threshold awaits a clinician’s decision (POST /sessions/{id}/stop-threshold-decision); until then the infusion may be paused or stopped early, not continued or completed';
    return new SessionException(SessionExceptionCode.STOP_DECISION_PENDING, message, {
      stopHoldId: holdId,
      failedChecks: [{ check: 'STOP_THRESHOLD_DECISION_PENDING', message, overridable: false }],
    });
  }

  static sessionNotFound(): SessionException {
    return new SessionException(SessionExceptionCode.SESSION_NOT_FOUND, 'Session not found');
  }
}
