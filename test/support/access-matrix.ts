import { auth, ClinicWorld, Role, ROLES } from 'test/support/fixtures';
import { expectProblem, idsOf } from 'test/support/http-assertions';
import { TestApp } from 'test/support/test-app';

/** What a route call needs, prepared fresh for every call (a call may change or consume it). */
export interface PreparedCall {
  path: string;
  body?: Record<string, unknown>;
  /** For list routes: a record of the prepared clinic that must not appear in another clinic's list. */
  listedId?: string;
}

/**
 * One row of the auth × role × clinic matrix. `prepare` builds the records in `world` (clinic A)
 * with `rootToken` and the world's staff; the matrix then calls the route as every role.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Documentation path, e.g. `/api/v1/patients/{id}`. */
  route: string;
  /** Roles that get a 2xx; every other staff role gets 403. */
  allowed: readonly Role[];
  /**
   * `record`: a user of another clinic with an allowed role gets 404. `list`: they get 2xx without
   * the record. `none`: the route is not about one clinic's records (e.g. GET /auth/me, POST /clinics).
   */
  scope: 'record' | 'list' | 'none';
  prepare: (ctx: MatrixContext, role: Role) => Promise<PreparedCall>;
}

export interface MatrixContext {
  app: TestApp;
  rootToken: string;
  world: ClinicWorld;
}

const call = (app: TestApp, spec: RouteSpec, prepared: PreparedCall, token?: string) => {
  const request = app.http()[spec.method](prepared.path);
  if (token) {
    request.set(auth(token));
  }
  return prepared.body ? request.send(prepared.body) : request;
};

/** Declares the matrix tests for `routes`: one `it` per route. */
export function describeAccessMatrix(
  title: string,
  routes: RouteSpec[],
  context: () => { app: TestApp; rootToken: string; a: ClinicWorld; b: ClinicWorld },
): void {
  describe(title, () => {
    for (const spec of routes) {
      const name = `${spec.method.toUpperCase()} ${spec.route}`;
      it(`should answer ${name} with 2xx for ${spec.allowed.join(', ') || 'nobody'}, 403 for the other roles, ${
        spec.scope === 'record'
          ? '404 across clinics, '
          : spec.scope === 'list'
            ? 'no leak across clinics, '
            : ''
      }401 without a token`, async () => {
        const { app, rootToken, a, b } = context();
        const ctx: MatrixContext = { app, rootToken, world: a };
        const outcomes: string[] = [];
        for (const role of ROLES) {
          const prepared = await spec.prepare(ctx, role);
          const response = await call(app, spec, prepared, a.staff[role].token);
          const expected = spec.allowed.includes(role) ? '2xx' : '403';
          const got =
            response.status >= 200 && response.status < 300 ? '2xx' : String(response.status);
          outcomes.push(
            `${role}: ${got === expected ? 'ok' : `expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`}`,
          );
          if (expected === '403' && got === '403') {
            expectProblem(response, 403, 'FORBIDDEN');
          }
        }
        expect(outcomes).toEqual(ROLES.map((role) => `${role}: ok`));

        for (const role of spec.allowed) {
          if (spec.scope === 'none') {
            break;
          }
          const prepared = await spec.prepare(ctx, role);
          const response = await call(app, spec, prepared, b.staff[role].token);
          if (spec.scope === 'record') {
            expectProblem(response, 404);
          } else {
            expect(response.status).toBe(200);
            expect(idsOf(response)).not.toContain(prepared.listedId);
          }
        }

        const prepared = await spec.prepare(ctx, spec.allowed[0] ?? 'admin');
        expectProblem(await call(app, spec, prepared), 401, 'UNAUTHENTICATED');
      });
    }
  });
}
