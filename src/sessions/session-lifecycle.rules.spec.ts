import {
  nextStatus,
  SessionAction,
  SessionStatus,
  transferCountsAsInfusion,
} from 'src/sessions/session-lifecycle.rules';

const S = SessionStatus;
const A = SessionAction;

// Issue 4 point 3; ../shared/domain/ketamine-clinic.md §6 (session state machine).
describe('session lifecycle', () => {
  it.each([
    [S.SCHEDULED, A.CHECK_IN, S.CHECKED_IN],
    [S.CHECKED_IN, A.START, S.IN_PROGRESS],
    [S.IN_PROGRESS, A.END, S.RECOVERY],
    [S.RECOVERY, A.DISCHARGE, S.DISCHARGED],
    [S.SCHEDULED, A.CANCEL, S.CANCELLED],
    [S.CHECKED_IN, A.CANCEL, S.CANCELLED],
    [S.SCHEDULED, A.NO_SHOW, S.NO_SHOW],
    [S.SCHEDULED, A.RESCHEDULE, S.SCHEDULED],
    [S.IN_PROGRESS, A.TRANSFER, S.TRANSFERRED],
    [S.RECOVERY, A.TRANSFER, S.TRANSFERRED],
  ])('should move %p by %p to %p', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it.each([
    [S.SCHEDULED, A.START],
    [S.SCHEDULED, A.END],
    [S.SCHEDULED, A.DISCHARGE],
    [S.CHECKED_IN, A.CHECK_IN],
    [S.CHECKED_IN, A.NO_SHOW],
    [S.CHECKED_IN, A.RESCHEDULE],
    [S.IN_PROGRESS, A.CANCEL],
    [S.IN_PROGRESS, A.DISCHARGE],
    [S.RECOVERY, A.END],
    [S.DISCHARGED, A.CANCEL],
    [S.CANCELLED, A.CHECK_IN],
    [S.NO_SHOW, A.CHECK_IN],
    [S.CANCELLED, A.RESCHEDULE],
    [S.SCHEDULED, A.TRANSFER],
    [S.CHECKED_IN, A.TRANSFER],
    [S.DISCHARGED, A.TRANSFER],
    [S.TRANSFERRED, A.TRANSFER],
    [S.TRANSFERRED, A.DISCHARGE],
    [S.TRANSFERRED, A.END],
    [S.TRANSFERRED, A.CANCEL],
  ])('should refuse %p by %p', (from, action) => {
    expect(nextStatus(from, action)).toBeNull();
  });

  it.each([
    [S.RECOVERY, true], // the infusion had ended
    [S.IN_PROGRESS, false], // the transfer stopped it
  ])('should count a transfer from %p as a completed infusion: %p', (from, counts) => {
    expect(transferCountsAsInfusion(from)).toBe(counts);
  });
});
