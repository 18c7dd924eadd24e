import { auth, login, loginAsRootAdmin, newClinic, newStaff } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

// NIST SP 800-63B §5.1.1.2: common or breached passwords and context-specific words are refused.
describe('password policy', () => {
  let app: TestApp;
  let root: string;
  let clinic: { id: string; code: string };
  const email = () => `morgan.${Math.random().toString(36).slice(2, 10)}@test.example`;
  const body = (overrides: Record<string, unknown> = {}) => ({
    email: email(),
    fullName: 'Morgan Quill',
    role: 'nurse',
    clinicIds: [clinic.id],
    ...overrides,
  });

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    clinic = await newClinic(app, root, { name: 'Bluebird Infusions' });
  });
  afterAll(async () => {
    await app.stop();
  });

  function expectWeakPassword(
    response: Awaited<ReturnType<ReturnType<TestApp['http']>['post']>>,
    password: string,
    why: RegExp,
  ): void {
    expectProblem(response, 400, 'WEAK_PASSWORD');
    expect(response.body.errors).toEqual([
      { field: 'password', message: expect.stringMatching(why) },
    ]);
    expect(JSON.stringify(response.body)).not.toContain(password);
  }

  it.each([
    ['a common password', () => ({ password: 'password1234' }), /too common/, 'COMMON'],
    [
      'the user’s own email',
      () => {
        const own = email();
        return { email: own, password: own };
      },
      /name or email/,
      'PERSONAL',
    ],
    ['the user’s name', () => ({ password: 'Morgan Quill 2024' }), /name or email/, 'PERSONAL'],
    ['the clinic’s name', () => ({ password: 'BluebirdInfusions1' }), /clinic/, 'SERVICE_NAME'],
    ['a sequence', () => ({ password: '123456789012' }), /sequential/, 'REPETITIVE_OR_SEQUENTIAL'],
  ])(
    'should refuse %s at creation with 400 WEAK_PASSWORD and store nothing',
    async (_case, make, why, weakness) => {
      const fields = make();
      const request = body(fields);
      const response = await app.http().post('/api/v1/users').set(auth(root)).send(request);
      expectWeakPassword(response, fields.password, why);
      expect(response.body.passwordWeakness).toBe(weakness);
      const { rows } = await app.db.query('SELECT 1 FROM users WHERE email = $1', [request.email]);
      expect(rows).toHaveLength(0);
    },
  );

  it('should create an account with a good passphrase and let it log in', async () => {
    const request = body({ password: 'lantern-orchard-velvet-nine' });
    const response = await app.http().post('/api/v1/users').set(auth(root)).send(request);
    expect(response.status).toBe(201);
    await login(app, request.email, 'lantern-orchard-velvet-nine');
  });

  it('should judge a password reset against the account’s email and name, changing nothing', async () => {
    const staff = await newStaff(app, root, 'front_desk', [clinic.id]);
    for (const password of [staff.email.toUpperCase(), 'Test front_desk 99', 'iloveyou12345']) {
      const response = await app
        .http()
        .patch(`/api/v1/users/${staff.id}`)
        .set(auth(root))
        .send({ password });
      expectProblem(response, 400, 'WEAK_PASSWORD');
      expect(JSON.stringify(response.body)).not.toContain(password);
    }
    // The old password still works: nothing was written.
    await login(app, staff.email, staff.password);
    const good = await app
      .http()
      .patch(`/api/v1/users/${staff.id}`)
      .set(auth(root))
      .send({ password: 'quiet-harbour-copper-kite' });
    expect(good.status).toBe(200);
    await login(app, staff.email, 'quiet-harbour-copper-kite');
  });

  it('should document WEAK_PASSWORD in the OpenAPI document', async () => {
    const { body: document } = await app.http().get('/docs-json');
    const create = document.paths['/api/v1/users'].post;
    expect(JSON.stringify(create.responses['400'])).toContain('WEAK_PASSWORD');
    expect(JSON.stringify(document.paths['/api/v1/users/{id}'].patch.responses['400'])).toContain(
      'WEAK_PASSWORD',
    );
  });
});

describe('password policy: the bootstrap admin', () => {
  it('should refuse to start with a common BOOTSTRAP_ADMIN_PASSWORD, naming the variable', async () => {
    await expect(startTestApp({ BOOTSTRAP_ADMIN_PASSWORD: 'password1234' })).rejects.toThrow(
      /BOOTSTRAP_ADMIN_PASSWORD: password is too common/,
    );
  });

  it('should start with a strong one', async () => {
    const app = await startTestApp({ BOOTSTRAP_ADMIN_PASSWORD: 'saffron-glacier-tundra-42' });
    try {
      await login(app, 'root-admin@test.example', 'saffron-glacier-tundra-42');
    } finally {
      await app.stop();
    }
  });
});
