// Pure follow-up rules: automatic due dates and overdue, in the clinic's own calendar. No Nest imports.
import { addDays, localDate } from 'src/common/domain/calendar';

// Re-exported: callers of the follow-up rules find the calendar helpers here too.
export { addDays, localDate };

export enum FollowUpStatus {
  DUE = 'due',
  COMPLETED = 'completed',
  MISSED = 'missed',
}

export enum FollowUpOrigin {
  AUTOMATIC = 'automatic',
  MANUAL = 'manual',
}

export enum FollowUpMethod {
  CALL = 'call',
  VISIT = 'visit',
  MESSAGE = 'message',
}

export enum FollowUpNextStep {
  CONTINUE = 'continue',
  MOVE_TO_MAINTENANCE = 'move_to_maintenance',
  ADJUST_DOSE = 'adjust_dose',
  REFER = 'refer',
  DISCONTINUE = 'discontinue',
}

/**
 * Clinic policy `followUpDaysAfterSession` (default [1, 7]: next day and one week): one due date per
 * entry, counted in calendar days from the discharge date in the clinic's time zone.
 */
export function automaticDueDates(dischargedAt: Date, timeZone: string, days: number[]): string[] {
  const dischargeDay = localDate(dischargedAt, timeZone);
  return [...new Set(days)].sort((a, b) => a - b).map((n) => addDays(dischargeDay, n));
}

/**
 * A follow-up scheduled by hand may be dated yesterday at the earliest (in the clinic's calendar):
 * recording yesterday's missed call is normal, an older date is a typing mistake.
 */
export function earliestManualDueDate(today: string): string {
  return addDays(today, -1);
}

/** Overdue = still due and its date is before today in the clinic's time zone. */
export function isOverdue(status: FollowUpStatus, dueDate: string, today: string): boolean {
  return status === FollowUpStatus.DUE && dueDate < today;
}

/** Only a due follow-up can be completed or marked missed. */
export function canClose(status: FollowUpStatus): boolean {
  return status === FollowUpStatus.DUE;
}
