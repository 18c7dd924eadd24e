import { describeAccessMatrix, MatrixContext, RouteSpec } from 'test/support/access-matrix';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
  ROLES,
} from 'test/support/fixtures';
import { startTestApp, TestApp } from 'test/support/test-app';

const ALL = ROLES;
const ADMIN = ['admin'] as const;

const freshStaff = (ctx: MatrixContext) =>
  newStaff(ctx.app, ctx.rootToken, 'front_desk', [ctx.world.clinicId]);
const freshPatient = (ctx: MatrixContext) =>
  newPatient(ctx.app, ctx.rootToken, { clinicId: ctx.world.clinicId });

/** Every foundation route with the roles allowed on it (README "Roles"). */
const FOUNDATION_ROUTES: RouteSpec[] = [
  {
    method: 'get',
    route: '/api/v1/auth/me',
    allowed: ALL,
    scope: 'none',
    prepare: () => Promise.resolve({ path: '/api/v1/auth/me' }),
  },
  {
    method: 'post',
    route: '/api/v1/users',
    allowed: ADMIN,
    scope: 'record',
    prepare: (ctx) =>
      Promise.resolve({
        path: '/api/v1/users',
        body: {
          email: `matrix.${Math.random().toString(36).slice(2)}@test.example`,
          fullName: 'Matrix User',
          role: 'nurse',
          password: 'matrix-password-123',
          clinicIds: [ctx.world.clinicId],
        },
      }),
  },
  {
    method: 'get',
    route: '/api/v1/users',
    allowed: ADMIN,
    scope: 'list',
    prepare: (ctx) =>
      Promise.resolve({ path: '/api/v1/users?limit=100', listedId: ctx.world.staff.nurse.id }),
  },
  {
    method: 'get',
    route: '/api/v1/users/{id}',
    allowed: ADMIN,
    scope: 'record',
    prepare: (ctx) => Promise.resolve({ path: `/api/v1/users/${ctx.world.staff.nurse.id}` }),
  },
  {
    method: 'patch',
    route: '/api/v1/users/{id}',
    allowed: ADMIN,
    scope: 'record',
    prepare: (ctx) =>
      Promise.resolve({
        path: `/api/v1/users/${ctx.world.staff.nurse.id}`,
        body: { fullName: 'Renamed Nurse' },
      }),
  },
  {
    method: 'post',
    route: '/api/v1/users/{id}/deactivate',
    allowed: ADMIN,
    scope: 'record',
    prepare: async (ctx) => ({ path: `/api/v1/users/${(await freshStaff(ctx)).id}/deactivate` }),
  },
  {
    method: 'post',
    route: '/api/v1/users/{id}/reactivate',
    allowed: ADMIN,
    scope: 'record',
    prepare: async (ctx) => {
      const staff = await freshStaff(ctx);
      await ctx.app
        .http()
        .post(`/api/v1/users/${staff.id}/deactivate`)
        .set(auth(ctx.rootToken))
        .expect(200);
      return { path: `/api/v1/users/${staff.id}/reactivate` };
    },
  },
  {
    method: 'post',
    route: '/api/v1/clinics',
    allowed: ADMIN,
    scope: 'none',
    prepare: () =>
      Promise.resolve({
        path: '/api/v1/clinics',
        body: {
          name: 'Matrix Clinic',
          code: `M${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
          timezone: 'UTC',
        },
      }),
  },
  {
    method: 'get',
    route: '/api/v1/clinics',
    allowed: ALL,
    scope: 'list',
    prepare: (ctx) =>
      Promise.resolve({ path: '/api/v1/clinics?limit=100', listedId: ctx.world.clinicId }),
  },
  {
    method: 'get',
    route: '/api/v1/clinics/{id}',
    allowed: ALL,
    scope: 'record',
    prepare: (ctx) => Promise.resolve({ path: `/api/v1/clinics/${ctx.world.clinicId}` }),
  },
  {
    method: 'patch',
    route: '/api/v1/clinics/{id}',
    allowed: ADMIN,
    scope: 'record',
    prepare: (ctx) =>
      Promise.resolve({
        path: `/api/v1/clinics/${ctx.world.clinicId}`,
        body: { phone: '+1 303 555 0000' },
      }),
  },
  {
    method: 'get',
    route: '/api/v1/clinics/{id}/settings',
    allowed: ALL,
    scope: 'record',
    prepare: (ctx) => Promise.resolve({ path: `/api/v1/clinics/${ctx.world.clinicId}/settings` }),
  },
  {
    method: 'patch',
    route: '/api/v1/clinics/{id}/settings',
    allowed: ADMIN,
    scope: 'record',
    prepare: (ctx) =>
      Promise.resolve({
        path: `/api/v1/clinics/${ctx.world.clinicId}/settings`,
        body: { minRecoveryMinutes: 30 },
      }),
  },
  {
    method: 'post',
    route: '/api/v1/patients',
    allowed: ['admin', 'clinician', 'front_desk'],
    scope: 'record',
    prepare: (ctx) =>
      Promise.resolve({
        path: '/api/v1/patients',
        body: {
          clinicId: ctx.world.clinicId,
          firstName: 'Matrix',
          lastName: 'Patient',
          dateOfBirth: '1980-02-02',
          sexAtBirth: 'female',
        },
      }),
  },
  {
    method: 'get',
    route: '/api/v1/patients',
    allowed: ALL,
    scope: 'list',
    prepare: async (ctx) => ({
      path: '/api/v1/patients?limit=100',
      listedId: (await freshPatient(ctx)).id,
    }),
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}',
    allowed: ALL,
    scope: 'record',
    prepare: async (ctx) => ({ path: `/api/v1/patients/${(await freshPatient(ctx)).id}` }),
  },
  {
    method: 'patch',
    route: '/api/v1/patients/{id}',
    allowed: ALL,
    scope: 'record',
    // Each role sends fields it may change (the field rules have their own tests).
    prepare: async (ctx, role) => ({
      path: `/api/v1/patients/${(await freshPatient(ctx)).id}`,
      body: role === 'nurse' ? { weightKg: 70.5 } : { phone: '303 555 0101' },
    }),
  },
  {
    method: 'delete',
    route: '/api/v1/patients/{id}',
    allowed: ['admin', 'clinician'],
    scope: 'record',
    prepare: async (ctx) => ({ path: `/api/v1/patients/${(await freshPatient(ctx)).id}` }),
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/restore',
    allowed: ['admin', 'clinician'],
    scope: 'record',
    prepare: async (ctx) => {
      const patient = await freshPatient(ctx);
      await ctx.app
        .http()
        .delete(`/api/v1/patients/${patient.id}`)
        .set(auth(ctx.rootToken))
        .expect(200);
      return { path: `/api/v1/patients/${patient.id}/restore` };
    },
  },
  {
    method: 'get',
    route: '/api/v1/audit-events',
    allowed: ADMIN,
    scope: 'list',
    prepare: async (ctx) => {
      const patient = await freshPatient(ctx);
      const events = await ctx.app.db.query('SELECT id FROM audit_events WHERE resource_id = $1', [
        patient.id,
      ]);
      return { path: '/api/v1/audit-events?limit=100', listedId: events.rows[0]?.id as string };
    },
  },
  {
    method: 'get',
    route: '/api/v1/audit-events/verify',
    allowed: ADMIN,
    // Another clinic's chain is 404, as its records are.
    scope: 'record',
    prepare: (ctx) =>
      Promise.resolve({
        path: `/api/v1/audit-events/verify?clinicId=${ctx.world.clinicId}&limit=1000`,
      }),
  },
];

describe('access matrix: foundation routes', () => {
  let app: TestApp;
  let rootToken: string;
  let a: ClinicWorld;
  let b: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    rootToken = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, rootToken);
    b = await newClinicWorld(app, rootToken);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should cover every /api/v1 operation of the OpenAPI document but login', async () => {
    const doc = (await app.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const covered = FOUNDATION_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.route}`);
    // Foundation operations are those tagged with a foundation area; routes other areas add (even
    // under /patients or /clinics) carry their own tag and are covered by their own matrix files.
    const FOUNDATION_TAGS = ['auth', 'users', 'clinics', 'patients', 'audit'];
    const foundation = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/') && path !== '/api/v1/auth/login')
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, operation]) =>
            ((operation as { tags?: string[] }).tags ?? []).some((t) =>
              FOUNDATION_TAGS.includes(t),
            ),
          )
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
    expect(foundation.filter((op) => !covered.includes(op))).toEqual([]);
  });

  describeAccessMatrix('routes', FOUNDATION_ROUTES, () => ({ app, rootToken, a, b }));
});
