import type { ClinicSettings } from 'src/clinics/clinic-settings';
import { flagVitals, VitalsReading } from 'src/sessions/vitals.rules';

/**
 * The pre-infusion gate (../shared/domain/ketamine-clinic.md §2.4 checklist, §2.3 pre-dose hold,
 * §1.1 weight basis). Pure: no Nest imports.
 *
 * Absolute checks (no consent, screening missing/ineligible/expired, no weight, no vitals, no
 * escort, vitals at or beyond an intra-infusion stop threshold, dose above a ceiling, a plan
 * awaiting clinical review) can never be overridden. Relative checks (vitals between the hold and
 * the stop thresholds, vitals or weight older than allowed, fasting not confirmed) may be
 * overridden by a clinician with a reason, which the session records.
 */
export interface GateCheckResult {
  check: string;
  message: string;
  overridable: boolean;
}

/** The screening that counts: the patient's latest by screenedAt, signed or not. */
export interface GateScreening {
  decision: 'eligible' | 'needs_clinician_review' | 'ineligible';
  overridden: boolean;
  /** Null while the screening is unsigned. */
  validUntil: Date | null;
}

export interface GateInput {
  now: Date;
  consentOnFile: boolean;
  screening: GateScreening | null;
  escortConfirmed: boolean;
  fastingConfirmed: boolean;
  weightKg: number | null;
  weightRecordedAt: Date | null;
  /** The latest pre-infusion vitals taken at or before now (a future-dated reading never counts). */
  latestVitals: (VitalsReading & { takenAt: Date }) | null;
  settings: Pick<
    ClinicSettings,
    | 'preDoseHoldSystolic'
    | 'preDoseHoldDiastolic'
    | 'preDoseMinHeartRate'
    | 'preDoseMaxHeartRate'
    | 'preDoseMinSpo2'
    | 'intraAlertSystolic'
    | 'intraStopSystolic'
    | 'intraStopDiastolic'
    | 'intraStopHeartRate'
    | 'spo2AlertBelow'
    | 'spo2StopBelow'
    | 'preInfusionVitalsMaxAgeMinutes'
    | 'weightMaxAgeDays'
  >;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const absolute = (check: string, message: string): GateCheckResult => ({
  check,
  message,
  overridable: false,
});
const relative = (check: string, message: string): GateCheckResult => ({
  check,
  message,
  overridable: true,
});

function screeningChecks(now: Date, s: GateScreening | null): GateCheckResult[] {
  if (!s) {
    return [absolute('SCREENING_MISSING', 'No screening is on file')];
  }
  // A newer unsigned screening (e.g. one recording a pregnancy) is never passed over for an older
  // signed one: the clinician signs it first.
  if (!s.validUntil) {
    return [absolute('LATEST_SCREENING_UNSIGNED', 'The latest screening is not signed yet')];
  }
  const out: GateCheckResult[] = [];
  if (s.decision === 'ineligible') {
    out.push(absolute('SCREENING_INELIGIBLE', 'The latest screening found the patient ineligible'));
  } else if (s.decision === 'needs_clinician_review' && !s.overridden) {
    out.push(
      absolute('SCREENING_NEEDS_REVIEW', 'The latest screening awaits a clinician’s review'),
    );
  }
  if (s.validUntil.getTime() < now.getTime()) {
    out.push(absolute('SCREENING_EXPIRED', 'The latest screening is no longer valid'));
  }
  return out;
}

function weightChecks(input: GateInput): GateCheckResult[] {
  if (input.weightKg === null || input.weightRecordedAt === null) {
    return [absolute('WEIGHT_MISSING', 'No weight is recorded for dosing')];
  }
  const maxAge = input.settings.weightMaxAgeDays * DAY;
  if (input.now.getTime() - input.weightRecordedAt.getTime() > maxAge) {
    return [
      relative('WEIGHT_STALE', `The weight is older than ${input.settings.weightMaxAgeDays} days`),
    ];
  }
  return [];
}

function vitalsChecks(input: GateInput): GateCheckResult[] {
  const v = input.latestVitals;
  if (!v) {
    return [absolute('PRE_INFUSION_VITALS_MISSING', 'No pre-infusion vitals are recorded')];
  }
  const out: GateCheckResult[] = [];
  const maxAge = input.settings.preInfusionVitalsMaxAgeMinutes * MINUTE;
  if (input.now.getTime() - v.takenAt.getTime() > maxAge) {
    out.push(
      relative(
        'PRE_INFUSION_VITALS_STALE',
        `The latest vitals are older than ${input.settings.preInfusionVitalsMaxAgeMinutes} minutes`,
      ),
    );
  }
  // §2.3: at or beyond a stop threshold nobody may start; between hold and stop a clinician may.
  for (const flag of flagVitals(v, 'pre', input.settings)) {
    const make = flag.level === 'stop' ? absolute : relative;
    out.push(make(`VITALS_${flag.code}`, flag.message));
  }
  return out;
}

export function evaluatePreInfusionGate(input: GateInput): GateCheckResult[] {
  const out: GateCheckResult[] = [];
  if (!input.consentOnFile) {
    out.push(absolute('CONSENT_MISSING', 'No active consent to IV ketamine treatment is on file'));
  }
  out.push(...screeningChecks(input.now, input.screening));
  if (!input.escortConfirmed) {
    out.push(absolute('ESCORT_NOT_CONFIRMED', 'An escort / ride home is not confirmed'));
  }
  if (!input.fastingConfirmed) {
    out.push(relative('FASTING_NOT_CONFIRMED', 'Fasting is not confirmed'));
  }
  out.push(...weightChecks(input), ...vitalsChecks(input));
  return out;
}

export interface GateOverride {
  check: string;
  reason: string;
}

/**
 * The failures left after a clinician's overrides: an override removes a relative failure only;
 * overriding an absolute one changes nothing. Returns the overrides that were applied too.
 */
export function applyOverrides(
  failures: GateCheckResult[],
  overrides: GateOverride[],
): { remaining: GateCheckResult[]; applied: GateOverride[] } {
  const byCheck = new Map(overrides.map((o) => [o.check, o]));
  const remaining: GateCheckResult[] = [];
  const applied: GateOverride[] = [];
  for (const failure of failures) {
    const override = byCheck.get(failure.check);
    if (failure.overridable && override) {
      applied.push(override);
    } else {
      remaining.push(failure);
    }
  }
  return { remaining, applied };
}
