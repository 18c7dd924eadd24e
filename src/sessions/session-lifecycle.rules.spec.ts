import { nextStatus, SessionAction, SessionStatus } from 'src/sessions/session-lifecycle.rules';

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
  ])('should refuse %p by %p', (from, action) => {
    expect(nextStatus(from, action)).toBeNull();
  });
});
