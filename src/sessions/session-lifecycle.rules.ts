/**
 * Session lifecycle (issue 4 point 3; ../shared/domain/ketamine-clinic.md §6 session state
 * machine): scheduled → checked_in → in_progress → recovery → discharged, plus cancelled and
 * no_show, and transferred (to an emergency department, §3.5 escalation) from in_progress or
 * recovery: a patient who can never meet the discharge criteria. Each move is an explicit action.
 * Pure: no Nest imports.
 */
export enum SessionStatus {
  SCHEDULED = 'scheduled',
  CHECKED_IN = 'checked_in',
  IN_PROGRESS = 'in_progress',
  RECOVERY = 'recovery',
  DISCHARGED = 'discharged',
  CANCELLED = 'cancelled',
  NO_SHOW = 'no_show',
  TRANSFERRED = 'transferred',
}

export enum SessionAction {
  CHECK_IN = 'check_in',
  START = 'start',
  END = 'end',
  DISCHARGE = 'discharge',
  CANCEL = 'cancel',
  NO_SHOW = 'no_show',
  RESCHEDULE = 'reschedule',
  TRANSFER = 'transfer',
  /** Corrects the escort and fasting answers, before the start only. */
  CORRECT_CHECK_IN = 'correct_check_in',
  /** A nurse records that the discharge criteria are met; a clinician then discharges (§4.1). */
  PREPARE_DISCHARGE = 'prepare_discharge',
  /** A clinician co-signs a discharge a nurse made under the clinic's co-signature policy. */
  COSIGN_DISCHARGE = 'cosign_discharge',
}

const TRANSITIONS: Record<SessionAction, { from: SessionStatus[]; to: SessionStatus | null }> = {
  [SessionAction.CHECK_IN]: { from: [SessionStatus.SCHEDULED], to: SessionStatus.CHECKED_IN },
  [SessionAction.START]: { from: [SessionStatus.CHECKED_IN], to: SessionStatus.IN_PROGRESS },
  [SessionAction.END]: { from: [SessionStatus.IN_PROGRESS], to: SessionStatus.RECOVERY },
  [SessionAction.DISCHARGE]: { from: [SessionStatus.RECOVERY], to: SessionStatus.DISCHARGED },
  [SessionAction.CANCEL]: {
    from: [SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN],
    to: SessionStatus.CANCELLED,
  },
  [SessionAction.NO_SHOW]: { from: [SessionStatus.SCHEDULED], to: SessionStatus.NO_SHOW },
  // Rescheduling keeps the status; it is only allowed before check-in.
  [SessionAction.RESCHEDULE]: { from: [SessionStatus.SCHEDULED], to: null },
  [SessionAction.TRANSFER]: {
    from: [SessionStatus.IN_PROGRESS, SessionStatus.RECOVERY],
    to: SessionStatus.TRANSFERRED,
  },
  [SessionAction.CORRECT_CHECK_IN]: { from: [SessionStatus.CHECKED_IN], to: null },
  [SessionAction.PREPARE_DISCHARGE]: { from: [SessionStatus.RECOVERY], to: null },
  [SessionAction.COSIGN_DISCHARGE]: { from: [SessionStatus.DISCHARGED], to: null },
};

/** Terminal statuses whose record a clinician signs (which locks it). */
export const SIGNABLE_STATUSES: SessionStatus[] = [
  SessionStatus.DISCHARGED,
  SessionStatus.TRANSFERRED,
];

/**
 * Whether a transferred session counts as a completed infusion towards the plan's progress: only
 * when the infusion had ended before the transfer (transferred from recovery). One stopped by the
 * transfer was not completed.
 */
export function transferCountsAsInfusion(transferredFrom: SessionStatus): boolean {
  return transferredFrom === SessionStatus.RECOVERY;
}

/** The status after `action`, or null when the action is not allowed from `status`. */
export function nextStatus(status: SessionStatus, action: SessionAction): SessionStatus | null {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) {
    return null;
  }
  return rule.to ?? status;
}

/** Statuses that hold a chair, a patient and a nurse (the exclusion constraints skip the others). */
export const BOOKING_STATUSES: SessionStatus[] = [
  SessionStatus.SCHEDULED,
  SessionStatus.CHECKED_IN,
  SessionStatus.IN_PROGRESS,
  SessionStatus.RECOVERY,
  SessionStatus.DISCHARGED,
  SessionStatus.TRANSFERRED,
];
