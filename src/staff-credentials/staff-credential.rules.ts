// Pure rules of staff credentials (../shared/domain/ketamine-clinic.md §3.3). No Nest imports.
import {
  CREDENTIAL_LABELS,
  CredentialKind,
  LICENCE_KINDS,
} from 'src/common/domain/credential-kind';
import type { FieldError } from 'src/common/problem/domain.exception';
import type { GateCheckResult } from 'src/sessions/pre-infusion-gate.rules';

/** Who is checked: the nurse of the infusion, or the clinician supervising it. */
export type StaffCheckRole = 'nurse' | 'clinician';

export interface HeldCredential {
  kind: CredentialKind;
  /** The last day it is valid (YYYY-MM-DD). */
  expiresOn: string;
}

export interface CredentialCheckInput {
  role: StaffCheckRole;
  required: readonly CredentialKind[];
  /** The person's live (not revoked) credentials. */
  held: readonly HeldCredential[];
  /** The session's date in the clinic's calendar (YYYY-MM-DD). */
  on: string;
}

/** Valid on day D when it expires on D or later: `expiresOn` is the last valid day. */
export const isValidOn = (credential: HeldCredential, on: string): boolean =>
  credential.expiresOn >= on;

// §3.3: qualified staff are a safety property; no clinician may override a missing one.
const absolute = (check: string, message: string): GateCheckResult => ({
  check,
  message,
  overridable: false,
});

const PREFIX: Record<StaffCheckRole, string> = { nurse: 'NURSE', clinician: 'SUPERVISOR' };
const WHO: Record<StaffCheckRole, string> = {
  nurse: 'The infusion nurse',
  clinician: 'The supervising clinician',
};

const latestExpiry = (held: readonly HeldCredential[]): string =>
  held.map((h) => h.expiresOn).reduce((a, b) => (b > a ? b : a));

/**
 * One failure per required kind the person does not hold valid on `on`: MISSING when they hold
 * none of that kind, EXPIRED when every one of that kind ended before `on`. Messages name the kind
 * and the expiry date, never a licence number.
 */
export function credentialFailures(input: CredentialCheckInput): GateCheckResult[] {
  const prefix = PREFIX[input.role];
  const who = WHO[input.role];
  return [...new Set(input.required)].flatMap((kind) => {
    const label = CREDENTIAL_LABELS[kind];
    const ofKind = input.held.filter((h) => h.kind === kind);
    if (ofKind.length === 0) {
      return [absolute(`${prefix}_CREDENTIAL_MISSING`, `${who} has no ${label} on record`)];
    }
    if (ofKind.some((h) => isValidOn(h, input.on))) {
      return [];
    }
    return [
      absolute(
        `${prefix}_CREDENTIAL_EXPIRED`,
        `${who}'s ${label} expired: valid through ${latestExpiry(ofKind)}, the infusion is on ${input.on}`,
      ),
    ];
  });
}

/**
 * When a nurse starts an infusion nobody is named as supervisor (there is no roster of who is on
 * site), so at least one active clinician of the clinic must hold every required credential valid
 * on `on`. Failures per kind: MISSING when no clinician holds it at all, EXPIRED when all of them
 * have expired; and MISSING when each kind is held by someone but no one clinician holds them all.
 */
export function supervisorPoolFailures(input: {
  required: readonly CredentialKind[];
  /** Each active clinician's live credentials. */
  clinicians: readonly (readonly HeldCredential[])[];
  on: string;
}): GateCheckResult[] {
  const required = [...new Set(input.required)];
  const qualified = input.clinicians.some(
    (held) => credentialFailures({ role: 'clinician', required, held, on: input.on }).length === 0,
  );
  if (required.length === 0 || qualified) {
    return [];
  }
  const failures = required.flatMap((kind) => {
    const label = CREDENTIAL_LABELS[kind];
    const ofKind = input.clinicians.flat().filter((h) => h.kind === kind);
    if (ofKind.length === 0) {
      return [
        absolute(
          'SUPERVISOR_CREDENTIAL_MISSING',
          `No active clinician of the clinic has ${label} on record to supervise the infusion`,
        ),
      ];
    }
    if (!ofKind.some((h) => isValidOn(h, input.on))) {
      return [
        absolute(
          'SUPERVISOR_CREDENTIAL_EXPIRED',
          `Every ${label} of the clinic's active clinicians has expired: the latest is valid through ${latestExpiry(ofKind)}, the infusion is on ${input.on}`,
        ),
      ];
    }
    return [];
  });
  return failures.length > 0
    ? failures
    : [
        absolute(
          'SUPERVISOR_CREDENTIAL_MISSING',
          `No one active clinician of the clinic holds all of ${required.map((k) => CREDENTIAL_LABELS[k]).join(', ')} valid on ${input.on}`,
        ),
      ];
}

export interface CredentialShape {
  kind: CredentialKind;
  identifier: string | null;
  issuingState: string | null;
  issuedOn: string | null;
  expiresOn: string;
}

/** What a credential must carry: a licence its number and state; issued no later than it expires. */
export function credentialShapeErrors(credential: CredentialShape): FieldError[] {
  const errors: FieldError[] = [];
  if (LICENCE_KINDS.includes(credential.kind)) {
    const label = CREDENTIAL_LABELS[credential.kind];
    if (credential.identifier === null) {
      errors.push({ field: 'identifier', message: `identifier (the ${label} number) is required` });
    }
    if (credential.issuingState === null) {
      errors.push({ field: 'issuingState', message: `issuingState is required for a ${label}` });
    }
  }
  if (credential.issuedOn !== null && credential.issuedOn > credential.expiresOn) {
    errors.push({ field: 'issuedOn', message: 'issuedOn must not be after expiresOn' });
  }
  return errors;
}
