import {
  addDays,
  automaticDueDates,
  canClose,
  earliestManualDueDate,
  FollowUpStatus,
  isOverdue,
  localDate,
} from 'src/follow-ups/follow-up.rules';

describe('follow-up dates (issue 5: clinic policy, default next day and one week)', () => {
  it.each([
    ['2026-03-10T20:00:00Z', 'America/Denver', '2026-03-10'],
    // 02:00 UTC on the 11th is still the evening of the 10th in Denver
    ['2026-03-11T02:00:00Z', 'America/Denver', '2026-03-10'],
    ['2026-03-10T23:30:00Z', 'Europe/Berlin', '2026-03-11'],
    ['2026-12-31T23:59:59Z', 'UTC', '2026-12-31'],
  ])('should place %s on the local date in %s as %s', (at, tz, date) => {
    expect(localDate(new Date(at), tz)).toBe(date);
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-25', 7, '2027-01-01'],
  ])('should add days: %s + %i = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('should give one due date per policy entry from the local discharge date', () => {
    expect(
      automaticDueDates(new Date('2026-03-11T02:00:00Z'), 'America/Denver', [7, 1, 7]),
    ).toEqual(['2026-03-11', '2026-03-17']);
  });

  it.each<[FollowUpStatus, string, string, boolean]>([
    [FollowUpStatus.DUE, '2026-03-09', '2026-03-10', true],
    [FollowUpStatus.DUE, '2026-03-10', '2026-03-10', false],
    [FollowUpStatus.DUE, '2026-03-11', '2026-03-10', false],
    [FollowUpStatus.COMPLETED, '2026-03-01', '2026-03-10', false],
    [FollowUpStatus.MISSED, '2026-03-01', '2026-03-10', false],
  ])('should judge %s due %s on %s overdue: %s', (status, due, today, overdue) => {
    expect(isOverdue(status, due, today)).toBe(overdue);
  });

  it.each<[FollowUpStatus, boolean]>([
    [FollowUpStatus.DUE, true],
    [FollowUpStatus.COMPLETED, false],
    [FollowUpStatus.MISSED, false],
  ])('should allow closing a %s follow-up: %s', (status, allowed) => {
    expect(canClose(status)).toBe(allowed);
  });

  it.each([
    ['2026-03-10', '2026-03-09'],
    ['2026-03-01', '2026-02-28'],
    ['2027-01-01', '2026-12-31'],
  ])('should let a manual follow-up on %s be dated %s at the earliest', (today, earliest) => {
    expect(earliestManualDueDate(today)).toBe(earliest);
  });
});
