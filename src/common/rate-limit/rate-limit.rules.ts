import { createHmac } from 'node:crypto';

/**
 * The row key for `key` counted in `scope`: the scope in clear (an operator can tell logins from
 * forms) and an HMAC of the counted key, so no email or client address sits in the table and
 * none can be found by hashing guesses without the secret. Every instance shares the secret (the
 * JWT secret, which they must share anyway), so they all name a window alike.
 */
export function windowKey(secret: string, scope: string, key: string): string {
  const digest = createHmac('sha256', secret).update(`${scope}\n${key}`).digest('base64url');
  return `${scope}:${digest}`;
}

/**
 * Whole seconds for Retry-After from the milliseconds the window has left, rounded up (waiting
 * the announced time must be enough) and never 0 (a client told 0 would retry at once, still
 * inside the window it is about to leave).
 */
export function retryAfterSeconds(msLeft: number): number {
  return Math.max(1, Math.ceil(msLeft / 1000));
}
