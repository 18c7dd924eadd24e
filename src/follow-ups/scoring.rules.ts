// Pure scoring rules (../shared/domain/ketamine-clinic.md §5). No Nest imports.
import { FieldError } from 'src/common/problem/domain.exception';
import { InstrumentCode, InstrumentDefinition } from 'src/follow-ups/instrument.catalog';

export enum AssessmentFlag {
  /** PHQ-9 item 9 > 0: same-day clinician review and a C-SSRS (§5). */
  SUICIDAL_IDEATION_ITEM = 'suicidal_ideation_item',
  /** Total at or above the instrument's screening cutoff. */
  POSITIVE_SCREEN = 'positive_screen',
  CSSRS_LOW_RISK = 'cssrs_low_risk',
  CSSRS_MODERATE_RISK = 'cssrs_moderate_risk',
  CSSRS_HIGH_RISK = 'cssrs_high_risk',
}

export enum AlertKind {
  PHQ9_ITEM9_POSITIVE = 'PHQ9_ITEM9_POSITIVE',
  /** A positive C-SSRS screen at low risk (Q1/Q2 only): for clinician review, not blocking. */
  CSSRS_LOW = 'CSSRS_LOW',
  CSSRS_MODERATE = 'CSSRS_MODERATE',
  CSSRS_HIGH = 'CSSRS_HIGH',
}

export enum AlertSeverity {
  LOW = 'low',
  MODERATE = 'moderate',
  HIGH = 'high',
}

/**
 * Whether an open alert of this severity blocks the infusion (the SUICIDE_RISK_ALERT_UNREVIEWED
 * pre-infusion check). §5 blocks on PHQ-9 item 9 > 0 and on C-SSRS Q4/Q5/recent behaviour (high);
 * blocking on moderate too is deliberately conservative. A low C-SSRS screen (Q1/Q2 only) is
 * shown to clinicians but does not block.
 */
export function blocksInfusion(severity: AlertSeverity): boolean {
  return severity !== AlertSeverity.LOW;
}

export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';

export interface ScoreResult {
  /** Sum of items; null for categorical instruments. */
  total: number | null;
  /** Severity band label, or the C-SSRS risk level; null when the scale has no bands. */
  band: string | null;
  flags: AssessmentFlag[];
  alerts: { kind: AlertKind; severity: AlertSeverity }[];
}

export type Responses = (number | null)[];

/**
 * Every item answered (C-SSRS skips excepted) with an integer in the item's range. Returns one
 * error per bad item, naming it `responses[i]` (0-based, as sent) with the item code.
 */
export function validateResponses(def: InstrumentDefinition, responses: Responses): FieldError[] {
  if (responses.length !== def.items.length) {
    return [
      {
        field: 'responses',
        message: `${def.code} v${def.version} has ${def.items.length} items; ${responses.length} answers were sent`,
      },
    ];
  }
  const skippable = skippableItems(def, responses);
  const errors: FieldError[] = [];
  def.items.forEach((item, i) => {
    const value = responses[i];
    const field = `responses[${i}]`;
    if (value === null || value === undefined) {
      if (!skippable.has(i)) {
        errors.push({ field, message: `${field} (${item.code}) must be answered` });
      }
      return;
    }
    if (!Number.isInteger(value) || value < item.min || value > item.max) {
      errors.push({
        field,
        message: `${field} (${item.code}) must be an integer from ${item.min} to ${item.max}`,
      });
    }
  });
  return errors.length > 0 ? errors : cssrsConsistency(def, responses);
}

/** C-SSRS (§5): Q2 = no skips Q3-5; item 6b (behaviour in the past 3 months) only follows a yes to 6. */
function skippableItems(def: InstrumentDefinition, responses: Responses): Set<number> {
  if (def.code !== InstrumentCode.CSSRS_SCREENER) {
    return new Set();
  }
  const skip = new Set<number>();
  if (responses[1] === 0) {
    [2, 3, 4].forEach((i) => skip.add(i));
  }
  if (responses[5] === 0) {
    skip.add(6);
  }
  return skip;
}

function cssrsConsistency(def: InstrumentDefinition, r: Responses): FieldError[] {
  if (def.code !== InstrumentCode.CSSRS_SCREENER) {
    return [];
  }
  const errors: FieldError[] = [];
  if (r[1] === 0) {
    [2, 3, 4]
      .filter((i) => r[i] === 1)
      .forEach((i) =>
        errors.push({
          field: `responses[${i}]`,
          message: `responses[${i}] (${def.items[i]?.code}) must be skipped (null) when cssrs_2 is no`,
        }),
      );
  }
  if (r[5] === 0 && r[6] === 1) {
    errors.push({
      field: 'responses[6]',
      message: 'responses[6] (cssrs_6b) cannot be yes when cssrs_6 (lifetime behaviour) is no',
    });
  }
  return errors;
}

/** Call only with responses that passed validateResponses. */
export function scoreAssessment(def: InstrumentDefinition, responses: Responses): ScoreResult {
  switch (def.scoring) {
    case 'sum':
      return scoreSum(def, responses);
    case 'cssrs_risk':
      return scoreCssrs(responses);
  }
}

function scoreSum(def: InstrumentDefinition, responses: Responses): ScoreResult {
  const total = responses.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  const flags: AssessmentFlag[] = [];
  const alerts: ScoreResult['alerts'] = [];
  if (def.positiveScreenAtOrAbove !== null && total >= def.positiveScreenAtOrAbove) {
    flags.push(AssessmentFlag.POSITIVE_SCREEN);
  }
  // §5: PHQ-9 item 9 "any score > 0 = safety flag" → clinician review, infusion blocked until reviewed.
  if (def.code === InstrumentCode.PHQ9 && (responses[8] ?? 0) > 0) {
    flags.push(AssessmentFlag.SUICIDAL_IDEATION_ITEM);
    alerts.push({ kind: AlertKind.PHQ9_ITEM9_POSITIVE, severity: AlertSeverity.HIGH });
  }
  return { total, band: bandOf(def, total), flags, alerts };
}

export function bandOf(def: InstrumentDefinition, total: number): string | null {
  return def.bands.find((b) => total >= b.min && total <= b.max)?.label ?? null;
}

/** §5 C-SSRS screener risk levels. Items: 0-4 = Q1-Q5 (past month), 5 = Q6 lifetime, 6 = Q6 past 3 months. */
export function cssrsRisk(r: Responses): CssrsRisk {
  const yes = (i: number) => r[i] === 1;
  if (yes(3) || yes(4) || yes(6)) {
    return 'high';
  }
  if (yes(2) || yes(5)) {
    return 'moderate';
  }
  if (yes(0) || yes(1)) {
    return 'low';
  }
  return 'none';
}

function scoreCssrs(responses: Responses): ScoreResult {
  const risk = cssrsRisk(responses);
  switch (risk) {
    case 'high':
      return {
        total: null,
        band: risk,
        flags: [AssessmentFlag.CSSRS_HIGH_RISK],
        alerts: [{ kind: AlertKind.CSSRS_HIGH, severity: AlertSeverity.HIGH }],
      };
    case 'moderate':
      return {
        total: null,
        band: risk,
        flags: [AssessmentFlag.CSSRS_MODERATE_RISK],
        alerts: [{ kind: AlertKind.CSSRS_MODERATE, severity: AlertSeverity.MODERATE }],
      };
    case 'low':
      // Issue 5: "a positive C-SSRS screen raises an alert"; low risk does not block (blocksInfusion).
      return {
        total: null,
        band: risk,
        flags: [AssessmentFlag.CSSRS_LOW_RISK],
        alerts: [{ kind: AlertKind.CSSRS_LOW, severity: AlertSeverity.LOW }],
      };
    case 'none':
      return { total: null, band: risk, flags: [], alerts: [] };
  }
}

export enum AlertStatus {
  OPEN = 'open',
  ACKNOWLEDGED = 'acknowledged',
}
