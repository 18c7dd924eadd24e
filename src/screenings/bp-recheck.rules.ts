// Pure rules for the screening blood-pressure re-check (no Nest imports). Facts and defaults:
// ../shared/domain/ketamine-clinic.md §2.3 "Allow a re-check after 5 to 10 min of rest before holding".

export interface BloodPressureReading {
  systolic: number;
  diastolic: number;
}

export interface BpRecheckSettings {
  preDoseHoldSystolic: number;
  preDoseHoldDiastolic: number;
  bpRecheckMinRestMinutes: number;
  bpRecheckMaxMinutes: number;
}

/** §2.3 "Resting BP >140 systolic or >90 diastolic → no infusion that day": strictly above holds. */
export function bloodPressureAboveHold(
  reading: BloodPressureReading,
  s: Pick<BpRecheckSettings, 'preDoseHoldSystolic' | 'preDoseHoldDiastolic'>,
): boolean {
  return reading.systolic > s.preDoseHoldSystolic || reading.diastolic > s.preDoseHoldDiastolic;
}

/** Which reading eligibility judges: the re-check after rest when there is one, else the first. */
export type DecisionBloodPressure = 'initial' | 'recheck';
export const DECISION_BLOOD_PRESSURE: DecisionBloodPressure[] = ['initial', 'recheck'];

export enum BpRecheckCheck {
  /** The first reading does not hold, so there is nothing to re-check. */
  FIRST_READING_NOT_HELD = 'FIRST_READING_NOT_HELD',
  /** measuredAt is not after the first reading (the screening's screenedAt). */
  RECHECK_NOT_AFTER_FIRST_READING = 'RECHECK_NOT_AFTER_FIRST_READING',
  /** Less than bpRecheckMinRestMinutes after the first reading. */
  RECHECK_TOO_SOON = 'RECHECK_TOO_SOON',
  /** More than bpRecheckMaxMinutes after the first reading: no longer the same visit. */
  RECHECK_TOO_LATE = 'RECHECK_TOO_LATE',
  /** restedMinutes given and below bpRecheckMinRestMinutes. */
  REST_TOO_SHORT = 'REST_TOO_SHORT',
  /** restedMinutes given and longer than the time between the two readings. */
  REST_LONGER_THAN_INTERVAL = 'REST_LONGER_THAN_INTERVAL',
}

export interface BpRecheckRefusal {
  check: BpRecheckCheck;
  message: string;
  /** Never: the re-check rules describe what a re-check is, not a risk a clinician may accept. */
  overridable: false;
}

export interface BpRecheckInput extends BloodPressureReading {
  measuredAt: Date;
  restedMinutes: number | null;
}

const MINUTE_MS = 60 * 1000;

/**
 * Why a re-check may not replace the first reading (empty when it may). A re-check is for a first
 * reading that holds, taken after the patient rested at least bpRecheckMinRestMinutes and at most
 * bpRecheckMaxMinutes after the first reading (§2.3; the first reading is taken at screenedAt).
 */
export function bpRecheckRefusals(
  first: BloodPressureReading & { measuredAt: Date },
  recheck: BpRecheckInput,
  s: BpRecheckSettings,
): BpRecheckRefusal[] {
  const refusals: BpRecheckRefusal[] = [];
  const refuse = (check: BpRecheckCheck, message: string) =>
    refusals.push({ check, message, overridable: false });
  if (!bloodPressureAboveHold(first, s)) {
    refuse(
      BpRecheckCheck.FIRST_READING_NOT_HELD,
      `The first reading is not above the clinic's hold threshold (${s.preDoseHoldSystolic}/${s.preDoseHoldDiastolic}); there is nothing to re-check`,
    );
  }
  const elapsedMs = recheck.measuredAt.getTime() - first.measuredAt.getTime();
  const elapsedMinutes = elapsedMs / MINUTE_MS;
  if (elapsedMs <= 0) {
    refuse(
      BpRecheckCheck.RECHECK_NOT_AFTER_FIRST_READING,
      'The re-check must be measured after the first reading (the screening time)',
    );
  } else if (elapsedMs < s.bpRecheckMinRestMinutes * MINUTE_MS) {
    refuse(
      BpRecheckCheck.RECHECK_TOO_SOON,
      `The re-check was measured ${formatMinutes(elapsedMinutes)} min after the first reading; the clinic needs at least ${s.bpRecheckMinRestMinutes} min of rest`,
    );
  } else if (elapsedMs > s.bpRecheckMaxMinutes * MINUTE_MS) {
    refuse(
      BpRecheckCheck.RECHECK_TOO_LATE,
      `The re-check was measured ${formatMinutes(elapsedMinutes)} min after the first reading; the clinic allows at most ${s.bpRecheckMaxMinutes} min`,
    );
  }
  if (recheck.restedMinutes !== null) {
    if (recheck.restedMinutes < s.bpRecheckMinRestMinutes) {
      refuse(
        BpRecheckCheck.REST_TOO_SHORT,
        `The patient rested ${recheck.restedMinutes} min; the clinic needs at least ${s.bpRecheckMinRestMinutes} min of rest`,
      );
    }
    // Whole minutes either way: a rest of 6 min fits between readings 5.5 min apart.
    if (elapsedMs > 0 && recheck.restedMinutes > Math.ceil(elapsedMinutes)) {
      refuse(
        BpRecheckCheck.REST_LONGER_THAN_INTERVAL,
        `restedMinutes (${recheck.restedMinutes}) is longer than the time between the readings (${formatMinutes(elapsedMinutes)} min)`,
      );
    }
  }
  return refusals;
}

const formatMinutes = (minutes: number) => String(Math.round(minutes * 10) / 10);
