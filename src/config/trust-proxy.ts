import { isIP } from 'node:net';

/** What Express's `trust proxy` setting accepts: all, none, a hop count, or trusted addresses. */
export type TrustProxy = boolean | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) {
    return true;
  }
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: `true` (every hop; only behind a proxy that overwrites X-Forwarded-For), `false`
 * (the socket address is the client), a hop count such as `1`, or a comma-separated list of
 * trusted proxy addresses, subnets (CIDR) or `loopback` / `linklocal` / `uniquelocal`.
 * Null when the value is none of these.
 */
export function parseTrustProxy(value: string): TrustProxy | null {
  const text = value.trim();
  if (text === 'true' || text === 'false') {
    return text === 'true';
  }
  if (/^\d{1,2}$/.test(text)) {
    return Number(text);
  }
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.length > 0 && entries.every(isAddressOrSubnet) ? entries : null;
}
