import type { ClinicSettings } from 'src/clinics/clinic-settings';

/**
 * Late entries (issue 9 point 6): care charted on paper during downtime is entered afterwards
 * with the time it happened. Pure: no Nest imports.
 *
 * A stated time more than lateEntryAfterMinutes (default 15) before the request is a late entry:
 * it needs a reason, and may be at most lateEntryWindowHours (default 72) old. It can never be in
 * the future, nor before the step it follows (a start before the check-in, an end before the last
 * infusion event). Every gate is then judged at the stated time, so a late entry cannot pass what
 * a live one could not.
 */
export interface OccurrenceInput {
  now: Date;
  /** The stated time; absent means now. */
  occurredAt: Date | null;
  lateEntryReason: string | null;
  /** The time of the step this one follows (e.g. the check-in for a start), if any. */
  notBefore: Date | null;
  settings: Pick<ClinicSettings, 'lateEntryAfterMinutes' | 'lateEntryWindowHours'>;
}

export type OccurrenceRefusal =
  | 'LATE_ENTRY_REASON_REQUIRED'
  | 'LATE_ENTRY_OUTSIDE_WINDOW'
  | 'LATE_ENTRY_OUT_OF_ORDER'
  | 'OCCURRED_IN_FUTURE';

export type Occurrence =
  | { ok: true; at: Date; late: boolean }
  | { ok: false; refusal: OccurrenceRefusal; message: string };

const MINUTE = 60_000;
/** The usual clock skew between a client and the server (as for vitals' takenAt). */
const SKEW_MS = 5 * MINUTE;

export function occurrence(input: OccurrenceInput): Occurrence {
  const at = input.occurredAt ?? input.now;
  const ageMs = input.now.getTime() - at.getTime();
  if (ageMs < -SKEW_MS) {
    return { ok: false, refusal: 'OCCURRED_IN_FUTURE', message: 'occurredAt is in the future' };
  }
  const late = ageMs > input.settings.lateEntryAfterMinutes * MINUTE;
  if (late && !input.lateEntryReason) {
    return {
      ok: false,
      refusal: 'LATE_ENTRY_REASON_REQUIRED',
      message: `More than ${input.settings.lateEntryAfterMinutes} minutes ago is a late entry: give lateEntryReason`,
    };
  }
  if (ageMs > input.settings.lateEntryWindowHours * 60 * MINUTE) {
    return {
      ok: false,
      refusal: 'LATE_ENTRY_OUTSIDE_WINDOW',
      message: `Late entries may go back at most ${input.settings.lateEntryWindowHours} hours`,
    };
  }
  if (input.notBefore && at.getTime() < input.notBefore.getTime()) {
    return {
      ok: false,
      refusal: 'LATE_ENTRY_OUT_OF_ORDER',
      message: `The stated time is before the step it follows (${input.notBefore.toISOString()})`,
    };
  }
  // A live action never goes back past now: a small clock skew ahead is recorded as now.
  return { ok: true, at: at.getTime() > input.now.getTime() ? input.now : at, late };
}
