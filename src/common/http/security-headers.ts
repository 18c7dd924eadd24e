import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/** A year: the usual HSTS max-age (and the minimum browsers' preload lists accept). */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * JSON (the API, problem bodies, /health, /docs-json) loads nothing, so it may load nothing: if a
 * response is ever rendered as a page, no script, style, frame or form can come from it.
 */
export const API_CSP = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI (/docs): its scripts and stylesheet are served from /docs itself; its page has inline
 * <style> blocks and React sets style attributes, hence 'unsafe-inline' for styles only (no script
 * is inline); its icons are data: URIs; it fetches /docs-json and "Try it out" calls the API on
 * this origin. The online validator badge is switched off (setupOpenApi), so nothing leaves it.
 */
export const DOCS_CSP = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/** The Swagger UI page and its assets, not the OpenAPI document (/docs-json), which is JSON. */
export function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/');
}

/**
 * Swagger UI's static files (`/docs/swagger-ui-bundle.js`, …) are public code that the static
 * server revalidates by ETag; everything else may carry patient data or state (the API, problems,
 * /health) and is never stored by a browser or proxy.
 */
export function isCacheableDocsAsset(path: string): boolean {
  return (
    path.startsWith('/docs/') && /\.(js|css|png|map)$/.test(path) && !path.endsWith('-init.js')
  );
}

/**
 * Security headers on every response, errors and 404s included: registered before every route and
 * before the body parser, so even a body that fails to parse is answered with them.
 */
export function securityHeaders(options: { hsts: boolean }): Middleware {
  const common = {
    // DENY and frame-ancestors 'none': nothing here is meant to be framed (clickjacking).
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
    // No includeSubDomains: other hosts under the operator's domain are not this service's to pin.
    strictTransportSecurity: options.hsts
      ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false }
      : false,
  };
  const api = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP },
  });
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!isCacheableDocsAsset(path)) {
      res.setHeader('Cache-Control', 'no-store');
    }
    (isDocsPath(path) ? docs : api)(req, res, next);
  };
}
