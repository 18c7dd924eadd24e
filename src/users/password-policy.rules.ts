// NIST SP 800-63B §5.1.1.2 (memorized secrets): no composition rules, but a chosen password is
// refused when it is a commonly used or compromised value, repetitive or sequential characters, or a
// context-specific word (the service's name, the user's name or email). The length minimum (12) is
// the DTO's; these rules only say which long-enough passwords are still too easy to guess.

export enum PasswordWeakness {
  COMMON = 'COMMON',
  REPETITIVE_OR_SEQUENTIAL = 'REPETITIVE_OR_SEQUENTIAL',
  PERSONAL = 'PERSONAL',
  SERVICE_NAME = 'SERVICE_NAME',
}

export interface PasswordContext {
  email?: string;
  /** The account's full name (and, while it changes, the one it had). */
  names?: string[];
  /** The user's clinics' names and codes; the product's own name (PRODUCT_WORDS) always counts. */
  serviceWords?: string[];
}

export interface PasswordVerdict {
  weakness: PasswordWeakness;
  /** Says why, never repeating the password. */
  message: string;
}

/** Words a password may not be made of whatever the clinic: the product's own name. */
export const PRODUCT_WORDS = ['Ketamine Clinic', 'ketamine-clinic-api'];

const MESSAGES: Record<PasswordWeakness, string> = {
  COMMON:
    'password is too common: it is on a list of passwords often used or exposed in breaches (adding digits or symbols at the start or end does not help); choose a longer passphrase of unrelated words',
  REPETITIVE_OR_SEQUENTIAL:
    'password is a repeated or sequential run of characters (e.g. aaaa…, abab…, 1234…); choose a passphrase of unrelated words',
  PERSONAL:
    "password is the user's own name or email address, or one of them with digits or symbols added; choose something unrelated to the account",
  SERVICE_NAME:
    'password is the name of this service or of a clinic, or one of them with digits or symbols added; choose something unrelated',
};

/**
 * Lower case, compatibility-normalised, accents dropped and everything but letters and digits removed,
 * so that `Dana.Jones`, `dana jones` and `DANA-JONES` compare equal.
 */
export function squash(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** What the blocklist is looked up with: each entry lower-cased, and squashed (`p@ss w0rd` → `pssw0rd`). */
export function blocklistOf(entries: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const entry of entries) {
    const lower = entry.normalize('NFKC').toLowerCase();
    set.add(lower);
    const squashed = squash(lower);
    if (squashed) set.add(squashed);
  }
  return set;
}

/**
 * Why the password may not be used, or null when it may. `blocklist` is from `blocklistOf`.
 * Trivial variants count as the word itself: case, separators, accents, and digits added at either
 * end (`Password-1234`, `2024dana.jones`).
 */
export function passwordVerdict(
  password: string,
  context: PasswordContext,
  blocklist: ReadonlySet<string>,
): PasswordVerdict | null {
  const weakness = weaknessOf(password, context, blocklist);
  return weakness ? { weakness, message: MESSAGES[weakness] } : null;
}

function weaknessOf(
  password: string,
  context: PasswordContext,
  blocklist: ReadonlySet<string>,
): PasswordWeakness | null {
  const lower = password.normalize('NFKC').toLowerCase();
  const squashed = squash(lower);
  const core = squashed.replace(/^\p{N}+|\p{N}+$/gu, '');
  const forms = [lower, squashed, core].filter((form) => form.length > 0);
  if (isRepetitiveOrSequential(lower) || (squashed && isRepetitiveOrSequential(squashed))) {
    return PasswordWeakness.REPETITIVE_OR_SEQUENTIAL;
  }
  const personal = personalWords(context);
  const email = context.email?.trim().toLowerCase();
  if (forms.some((form) => personal.has(form)) || (email && lower.includes(email))) {
    return PasswordWeakness.PERSONAL;
  }
  const service = wordsOf([...PRODUCT_WORDS, ...(context.serviceWords ?? [])], 4);
  if (forms.some((form) => service.has(form))) {
    return PasswordWeakness.SERVICE_NAME;
  }
  if (forms.some((form) => blocklist.has(form))) {
    return PasswordWeakness.COMMON;
  }
  return null;
}

/** The email whole and its local part, the name whole, and each part of either of three letters or more. */
function personalWords({ email, names }: PasswordContext): Set<string> {
  const values = [...(names ?? [])];
  if (email) {
    values.push(email, email.split('@')[0] ?? '');
  }
  return wordsOf(values, 3);
}

/** Each value squashed whole, and each of its words (split at anything not a letter or digit) at least `minPart` long. */
function wordsOf(values: string[], minPart: number): Set<string> {
  const words = new Set<string>();
  for (const value of values) {
    const whole = squash(value);
    if (whole) words.add(whole);
    for (const part of value.split(/[^\p{L}\p{N}]+/u)) {
      const word = squash(part);
      if (word.length >= minPart) words.add(word);
    }
  }
  return words;
}

/**
 * One short unit repeated (`aaaa…`, `abab…`, `12341234`) or a run that goes up or down one step at a
 * time (`abcdef…`, `987654…`; digits wrap, so `1234567890123` counts).
 */
export function isRepetitiveOrSequential(value: string): boolean {
  const chars = [...value];
  if (chars.length < 3) {
    return false;
  }
  if (/^(.{1,4})\1+$/su.test(value)) {
    return true;
  }
  const digits = chars.every((c) => c >= '0' && c <= '9');
  const steps = chars.slice(1).map((c, i) => {
    const step = (c.codePointAt(0) ?? 0) - (chars[i]?.codePointAt(0) ?? 0);
    return digits ? (step + 10) % 10 : step;
  });
  const first = steps[0];
  const oneStep = digits ? first === 1 || first === 9 : first === 1 || first === -1;
  return oneStep && steps.every((step) => step === first);
}
