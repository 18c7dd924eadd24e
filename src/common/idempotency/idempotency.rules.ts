import { createHmac } from 'node:crypto';

/** Keys are opaque to us; bounded so they index well (IETF draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** How long a key is remembered; a key reused after this is a new request. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

/** Stable JSON: object keys sorted, so the same body in another key order has the same fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What makes two requests "the same" for a key: method, path and body. Keyed with a server secret so
 * that a stored fingerprint cannot be brute-forced back into the body it came from.
 */
export function requestFingerprint(
  secret: string,
  method: string,
  path: string,
  body: unknown,
): string {
  return createHmac('sha256', secret)
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}
