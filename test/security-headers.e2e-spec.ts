import type { Response } from 'supertest';
import { auth, loginAsRootAdmin, newClinic, newPatient } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

const CHROMIUM = '/usr/bin/chromium';

/** The Content-Security-Policy as directive → sources. */
function cspOf(response: Response): Map<string, string[]> {
  const header = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

/** What every response carries, whatever it is (issue 11 point 7). */
function expectSecurityHeaders(response: Response): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(cspOf(response).get('frame-ancestors')).toEqual(["'none'"]);
  expect(response.headers['x-powered-by']).toBeUndefined();
  // NODE_ENV=test and no HSTS: only production (or HSTS=true) pins browsers to HTTPS.
  expect(response.headers['strict-transport-security']).toBeUndefined();
}

/** JSON (the API, problems, health) loads nothing and is never stored. */
function expectApiHeaders(response: Response): void {
  expectSecurityHeaders(response);
  expect(cspOf(response).get('default-src')).toEqual(["'none'"]);
  expect(response.headers['cache-control']).toBe('no-store');
}

describe('security headers', () => {
  let app: TestApp;
  let token: string;
  let patientId: string;

  beforeAll(async () => {
    app = await startTestApp();
    token = await loginAsRootAdmin(app);
    const clinic = await newClinic(app, token);
    patientId = (await newPatient(app, token, { clinicId: clinic.id })).id;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should send them, with no-store, on a patient read and keep its ETag', async () => {
    const response = await app.http().get(`/api/v1/patients/${patientId}`).set(auth(token));
    expect(response.status).toBe(200);
    expectApiHeaders(response);
    expect(response.headers.etag).toMatch(/^"\d+"$/);
    const stale = await app
      .http()
      .patch(`/api/v1/patients/${patientId}`)
      .set(auth(token))
      .set('If-Match', '"999"')
      .send({ preferredName: 'Al' });
    expectProblem(stale, 412, 'STALE_VERSION');
    expectApiHeaders(stale);
  });

  it('should send them on a list, a create and a login', async () => {
    const list = await app.http().get('/api/v1/patients').set(auth(token));
    expect(list.status).toBe(200);
    expectApiHeaders(list);
    const clinic = await app
      .http()
      .post('/api/v1/clinics')
      .set(auth(token))
      .send({ name: 'Headers Clinic', code: 'HDR', timezone: 'America/Denver' });
    expect(clinic.status).toBe(201);
    expectApiHeaders(clinic);
    const login = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'root-admin@test.example', password: 'bootstrap-password-123' });
    expect(login.status).toBe(200);
    expectApiHeaders(login);
  });

  it('should send them on a 401, a 404 of the API and a 404 of no route', async () => {
    const unauthenticated = await app.http().get(`/api/v1/patients/${patientId}`);
    expectProblem(unauthenticated, 401);
    expectApiHeaders(unauthenticated);
    const missing = await app
      .http()
      .get('/api/v1/patients/00000000-0000-4000-8000-000000000000')
      .set(auth(token));
    expectProblem(missing, 404);
    expectApiHeaders(missing);
    const noRoute = await app.http().get('/no/such/route');
    expectProblem(noRoute, 404);
    expectApiHeaders(noRoute);
  });

  it("should send them on the body parser's 400 for malformed JSON", async () => {
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Content-Type', 'application/json')
      .send('{"firstName": ');
    expectProblem(response, 400, 'MALFORMED_JSON');
    expectApiHeaders(response);
  });

  it('should send them on /health/live, /health/ready and /docs-json', async () => {
    for (const path of ['/health/live', '/health/ready', '/docs-json']) {
      const response = await app.http().get(path);
      expect(response.status).toBe(200);
      expectApiHeaders(response);
    }
  });

  it("should give /docs a policy that allows exactly Swagger UI's own scripts and styles", async () => {
    const page = await app.http().get('/docs');
    expect(page.status).toBe(200);
    expectSecurityHeaders(page);
    expect(page.headers['cache-control']).toBe('no-store');
    const csp = cspOf(page);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    const html = page.text;
    // No inline script (script-src has no 'unsafe-inline', nonce or hash): each has a src.
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const attributes of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
    }
    // Inline <style> blocks need 'unsafe-inline' for styles.
    expect(html).toMatch(/<style>/);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const sources = [
      ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] ?? ''),
      ...[...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
        (m) => m[1] ?? '',
      ),
    ];
    for (const source of sources) {
      // Same origin ('self'): relative, not another host.
      expect(source).not.toMatch(/^(https?:)?\/\//);
      const asset = await app.http().get(new URL(source, `${app.url}/docs`).pathname);
      expect(asset.status).toBe(200);
      // nosniff: a script or stylesheet is used only with its own MIME type.
      expect(asset.headers['content-type']).toMatch(
        source.endsWith('.css') ? /^text\/css/ : /^(application|text)\/javascript/,
      );
      expectSecurityHeaders(asset);
      // The generated init script is served fresh; the library files revalidate by ETag.
      if (source.endsWith('-init.js')) {
        expect(asset.headers['cache-control']).toBe('no-store');
      } else {
        expect(asset.headers['cache-control']).not.toBe('no-store');
      }
    }
  });

  // .ci/run installs Debian's Chromium where it is missing; the test fails rather than skips without it.
  it('should render Swagger UI in headless Chromium with no CSP violation', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) {
          violations.push(message.text());
        }
      });
      page.on('pageerror', (error) => violations.push(error.message));
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      // Runs in the page (a string: this file has no DOM types).
      await page.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (e) =>
            window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));`,
      });
      await page.goto(`${app.url}/docs`, { waitUntil: 'load' });
      // Rendered from /docs-json: the operations of the document appear.
      await page.waitForSelector('.opblock-tag', { timeout: 30_000 });
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('security headers: HSTS', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ HSTS: 'true' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should send Strict-Transport-Security for a year when HSTS=true', async () => {
    for (const path of ['/health/ready', '/api/v1/auth/me', '/docs']) {
      const response = await app.http().get(path);
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    }
  });
});
