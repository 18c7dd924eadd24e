import { auth, login, loginAsRootAdmin, newClinic, newStaff } from 'test/support/fixtures';
import { decodeJwt, errorFields, expectProblem, signJwt } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';
import { BOOTSTRAP_ADMIN, TEST_JWT_SECRET } from 'test/support/test-env';

const ISSUER = 'ketamine-clinic-api';
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('auth', () => {
  let app: TestApp;
  let root: string;
  let clinicId: string;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    clinicId = (await newClinic(app, root)).id;
  });
  afterAll(async () => {
    await app.stop();
  });

  describe('POST /api/v1/auth/login', () => {
    it('should answer 200 with a bearer token, its type and lifetime', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: BOOTSTRAP_ADMIN.email, password: BOOTSTRAP_ADMIN.password });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 3600,
      });
      const claims = decodeJwt(response.body.accessToken as string);
      expect(claims.iss).toBe(ISSUER);
      expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    });

    it('should accept the email in any letter case', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: BOOTSTRAP_ADMIN.email.toUpperCase(), password: BOOTSTRAP_ADMIN.password });
      expect(response.status).toBe(200);
    });

    it('should answer 401 with one message for a wrong password, an unknown email and a deactivated user', async () => {
      const nurse = await newStaff(app, root, 'nurse', [clinicId]);
      const deactivated = await app
        .http()
        .post(`/api/v1/users/${nurse.id}/deactivate`)
        .set(auth(root));
      expect(deactivated.status).toBe(200);

      const attempts = [
        { email: BOOTSTRAP_ADMIN.email, password: 'wrong-password-123' },
        { email: 'nobody@test.example', password: BOOTSTRAP_ADMIN.password },
        { email: nurse.email, password: nurse.password },
      ];
      const responses = await Promise.all(
        attempts.map((body) => app.http().post('/api/v1/auth/login').send(body)),
      );
      for (const response of responses) {
        expectProblem(response, 401, 'UNAUTHENTICATED');
      }
      const details = responses.map((r) => (r.body as { detail: string }).detail);
      expect(new Set(details).size).toBe(1);
      expect(details[0]).toBe('Email or password is incorrect');
    });

    it('should answer 400 naming each missing or invalid field', async () => {
      const missing = await app.http().post('/api/v1/auth/login').send({ email: 'a@b.example' });
      expectProblem(missing, 400, 'VALIDATION_FAILED');
      expect(errorFields(missing)).toEqual(['password']);

      const empty = await app.http().post('/api/v1/auth/login').send({});
      expectProblem(empty, 400, 'VALIDATION_FAILED');
      expect(errorFields(empty).sort()).toEqual(['email', 'password']);

      const badEmail = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'not-an-email', password: 'x' });
      expectProblem(badEmail, 400, 'VALIDATION_FAILED');
      expect(errorFields(badEmail)).toEqual(['email']);
    });

    it('should write a login audit event', async () => {
      const staff = await newStaff(app, root, 'clinician', [clinicId]);
      const { rows } = await app.db.query(
        `SELECT actor_id, actor_role, resource_type, resource_id FROM audit_events WHERE action = 'login' AND actor_id = $1`,
        [staff.id],
      );
      expect(rows).toEqual([
        {
          actor_id: staff.id,
          actor_role: 'clinician',
          resource_type: 'User',
          resource_id: staff.id,
        },
      ]);
    });
  });

  describe('bearer token on every /api/v1 route', () => {
    it('should answer 401 without a token', async () => {
      const response = await app.http().get('/api/v1/auth/me');
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });

    it('should answer 401 for a malformed token or a non-Bearer scheme', async () => {
      for (const header of ['Bearer not.a.jwt', 'Bearer ', 'Basic dXNlcjpwYXNz', root]) {
        const response = await app.http().get('/api/v1/auth/me').set('Authorization', header);
        expectProblem(response, 401, 'UNAUTHENTICATED');
      }
    });

    it('should accept a token signed with the server secret and refuse one signed with another secret', async () => {
      const me = decodeJwt(root).sub as string;
      const claims = { sub: me, iss: ISSUER, iat: nowSeconds(), exp: nowSeconds() + 600 };
      // The control: the hand-made token is valid when signed with the right secret.
      const good = await app
        .http()
        .get('/api/v1/auth/me')
        .set(auth(signJwt(claims, TEST_JWT_SECRET)));
      expect(good.status).toBe(200);

      const forged = await app
        .http()
        .get('/api/v1/auth/me')
        .set(auth(signJwt(claims, 'another-secret-another-secret-another-secret')));
      expectProblem(forged, 401, 'UNAUTHENTICATED');
    });

    it('should refuse an expired token, a token of another issuer and an unsigned token', async () => {
      const me = decodeJwt(root).sub as string;
      const expired = signJwt(
        { sub: me, iss: ISSUER, iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 },
        TEST_JWT_SECRET,
      );
      const otherIssuer = signJwt(
        { sub: me, iss: 'someone-else', iat: nowSeconds(), exp: nowSeconds() + 600 },
        TEST_JWT_SECRET,
      );
      const unsigned = [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
        Buffer.from(
          JSON.stringify({ sub: me, iss: ISSUER, iat: nowSeconds(), exp: nowSeconds() + 600 }),
        ).toString('base64url'),
        '',
      ].join('.');
      for (const token of [expired, otherIssuer, unsigned]) {
        const response = await app.http().get('/api/v1/auth/me').set(auth(token));
        expectProblem(response, 401, 'UNAUTHENTICATED');
      }
    });

    it('should refuse a well-signed token whose subject is no user or not a user id', async () => {
      for (const sub of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', 42]) {
        const token = signJwt(
          { sub, iss: ISSUER, iat: nowSeconds(), exp: nowSeconds() + 600 },
          TEST_JWT_SECRET,
        );
        const response = await app.http().get('/api/v1/patients').set(auth(token));
        expectProblem(response, 401, 'UNAUTHENTICATED');
      }
    });
  });

  describe('GET /api/v1/auth/me', () => {
    it('should answer the caller’s account, role and clinics', async () => {
      const nurse = await newStaff(app, root, 'nurse', [clinicId]);
      const response = await app.http().get('/api/v1/auth/me').set(auth(nurse.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: nurse.id,
        email: nurse.email,
        fullName: 'Test nurse',
        role: 'nurse',
        clinicIds: [clinicId],
      });
    });
  });

  describe('account changes take effect at once', () => {
    it('should refuse a deactivated user’s existing token and login, and keep old tokens dead after reactivation', async () => {
      const clinician = await newStaff(app, root, 'clinician', [clinicId]);
      expect((await app.http().get('/api/v1/auth/me').set(auth(clinician.token))).status).toBe(200);

      const deactivate = await app
        .http()
        .post(`/api/v1/users/${clinician.id}/deactivate`)
        .set(auth(root));
      expect(deactivate.status).toBe(200);
      expect(deactivate.body).toMatchObject({ active: false, deactivatedAt: expect.any(String) });

      const old = await app.http().get('/api/v1/patients').set(auth(clinician.token));
      expectProblem(old, 401, 'UNAUTHENTICATED');
      const relogin = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: clinician.email, password: clinician.password });
      expectProblem(relogin, 401, 'UNAUTHENTICATED');

      const reactivate = await app
        .http()
        .post(`/api/v1/users/${clinician.id}/reactivate`)
        .set(auth(root));
      expect(reactivate.status).toBe(200);
      const fresh = await login(app, clinician.email, clinician.password);
      expect((await app.http().get('/api/v1/auth/me').set(auth(fresh))).status).toBe(200);
      const stillOld = await app.http().get('/api/v1/auth/me').set(auth(clinician.token));
      expectProblem(stillOld, 401, 'UNAUTHENTICATED');
    });

    it('should apply a role change to the next request with the same token', async () => {
      const staff = await newStaff(app, root, 'clinician', [clinicId]);
      const before = await app.http().get('/api/v1/users').set(auth(staff.token));
      expectProblem(before, 403, 'FORBIDDEN');

      const promote = await app
        .http()
        .patch(`/api/v1/users/${staff.id}`)
        .set(auth(root))
        .send({ role: 'admin' });
      expect(promote.status).toBe(200);

      const after = await app.http().get('/api/v1/users').set(auth(staff.token));
      expect(after.status).toBe(200);
      const me = await app.http().get('/api/v1/auth/me').set(auth(staff.token));
      expect(me.body).toMatchObject({ role: 'admin' });

      const demote = await app
        .http()
        .patch(`/api/v1/users/${staff.id}`)
        .set(auth(root))
        .send({ role: 'front_desk' });
      expect(demote.status).toBe(200);
      expectProblem(await app.http().get('/api/v1/users').set(auth(staff.token)), 403, 'FORBIDDEN');
    });

    it('should apply a clinic change to the next request with the same token', async () => {
      const other = await newClinic(app, root);
      const staff = await newStaff(app, root, 'clinician', [clinicId]);
      expectProblem(
        await app.http().get(`/api/v1/clinics/${other.id}`).set(auth(staff.token)),
        404,
      );
      const move = await app
        .http()
        .patch(`/api/v1/users/${staff.id}`)
        .set(auth(root))
        .send({ clinicIds: [other.id] });
      expect(move.status).toBe(200);
      expect(move.body.clinicIds).toEqual([other.id]);
      expect(
        (await app.http().get(`/api/v1/clinics/${other.id}`).set(auth(staff.token))).status,
      ).toBe(200);
      expectProblem(
        await app.http().get(`/api/v1/clinics/${clinicId}`).set(auth(staff.token)),
        404,
      );
    });

    it('should refuse tokens issued before a password reset and accept the new password', async () => {
      const staff = await newStaff(app, root, 'front_desk', [clinicId]);
      // Tokens carry whole seconds: reset in a later second than the token was issued.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const reset = await app
        .http()
        .patch(`/api/v1/users/${staff.id}`)
        .set(auth(root))
        .send({ password: 'a-brand-new-password-42' });
      expect(reset.status).toBe(200);
      expectProblem(
        await app.http().get('/api/v1/auth/me').set(auth(staff.token)),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await app
          .http()
          .post('/api/v1/auth/login')
          .send({ email: staff.email, password: staff.password }),
        401,
      );
      const fresh = await login(app, staff.email, 'a-brand-new-password-42');
      expect((await app.http().get('/api/v1/auth/me').set(auth(fresh))).status).toBe(200);
    });
  });

  describe('bootstrap admin', () => {
    it('should have created exactly the configured admin on first start, with the password hashed', async () => {
      const { rows } = await app.db.query(
        `SELECT email, role, password_hash FROM users ORDER BY created_at LIMIT 1`,
      );
      expect(rows[0]).toMatchObject({ email: BOOTSTRAP_ADMIN.email, role: 'admin' });
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(app.logs()).toContain(`created the first admin ${BOOTSTRAP_ADMIN.email}`);
      expect(app.logs()).not.toContain(BOOTSTRAP_ADMIN.password);
    });
  });
});

describe('auth: generated bootstrap password', () => {
  it('should print a generated password once, even with LOG_LEVEL=silent, accept it, and not create another admin on restart', async () => {
    const email = 'generated-admin@test.example';
    const first = await startTestApp({
      BOOTSTRAP_ADMIN_EMAIL: email,
      BOOTSTRAP_ADMIN_PASSWORD: '',
      LOG_LEVEL: 'silent',
    });
    let second: TestApp | undefined;
    try {
      // One marked line on stderr, whatever the log level.
      const match =
        /^\*\*\* BOOTSTRAP ADMIN \*\*\* created the first admin (\S+) with the generated password: (\S+) /m.exec(
          first.logs(),
        );
      expect(match?.[1]).toBe(email);
      const password = match?.[2] ?? '';
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(first.logs().split(password).length - 1).toBe(1);
      const token = await login(first, email, password);
      const me = await first.http().get('/api/v1/auth/me').set(auth(token));
      expect(me.body).toMatchObject({ email, role: 'admin' });
      expect(await first.stop()).toBe(0);

      second = await startTestApp(
        { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: '' },
        { databaseName: first.databaseName },
      );
      expect(second.logs()).not.toContain('created the first admin');
      expect(second.logs()).not.toContain('generated password');
      const { rows } = await second.db.query('SELECT count(*)::int AS n FROM users');
      expect(rows[0].n).toBe(1);
      await login(second, email, password);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });
});

describe('auth: login rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should answer 429 with Retry-After once the limit for an address and email is passed', async () => {
    const attempt = (password: string) =>
      app.http().post('/api/v1/auth/login').send({ email: BOOTSTRAP_ADMIN.email, password });
    for (let i = 0; i < 3; i += 1) {
      expectProblem(await attempt('wrong-password-123'), 401);
    }
    const limited = await attempt('wrong-password-123');
    expectProblem(limited, 429, 'TOO_MANY_REQUESTS');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Even the right password waits: the limit counts attempts, not failures.
    expectProblem(await attempt(BOOTSTRAP_ADMIN.password), 429, 'TOO_MANY_REQUESTS');
    // Another email from the same address is counted on its own.
    expectProblem(
      await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'someone-else@test.example', password: 'whatever-123' }),
      401,
    );
  });
});

// README "Configuration": TRUST_PROXY says whose X-Forwarded-For names the client.
describe('auth: login rate limit behind a proxy (TRUST_PROXY)', () => {
  const attempt = (app: TestApp, client: string) =>
    app
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', client)
      .send({ email: BOOTSTRAP_ADMIN.email, password: 'wrong-password-123' });

  it('should count each forwarded client on its own when the proxy is trusted, and all as one when not', async () => {
    const trusting = await startTestApp({ LOGIN_RATE_LIMIT: '2', TRUST_PROXY: '127.0.0.1,::1' });
    const trustingNone = await startTestApp({ LOGIN_RATE_LIMIT: '2', TRUST_PROXY: 'false' });
    try {
      for (const app of [trusting, trustingNone]) {
        expectProblem(await attempt(app, '198.51.100.1'), 401);
        expectProblem(await attempt(app, '198.51.100.1'), 401);
        expectProblem(await attempt(app, '198.51.100.1'), 429, 'TOO_MANY_REQUESTS');
      }
      // Another client behind the same proxy: its own budget only if the proxy is believed.
      expectProblem(await attempt(trusting, '198.51.100.2'), 401);
      expectProblem(await attempt(trustingNone, '198.51.100.2'), 429, 'TOO_MANY_REQUESTS');
    } finally {
      await trusting.stop();
      await trustingNone.stop();
    }
  });

  it('should refuse to start with a TRUST_PROXY it cannot read', async () => {
    await expect(startTestApp({ TRUST_PROXY: 'yes please' })).rejects.toThrow(
      /TRUST_PROXY must be true, false, a hop count/,
    );
  });
});
