import { CLINIC_SETTING_DEFAULTS } from 'src/clinics/clinic-settings';
import { startTestApp, TestApp } from 'test/support/test-app';

interface Schema {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in?: string; name?: string }[];
  responses: Record<
    string,
    {
      content?: Record<string, { schema?: unknown; example?: Record<string, unknown> }>;
      headers?: Record<string, unknown>;
    }
  >;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  tags?: { name: string }[];
  components: { securitySchemes?: Record<string, unknown>; schemas: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('OpenAPI document', () => {
  let app: TestApp;
  let doc: OpenApiDocument;
  let operations: { method: string; path: string; op: Operation }[];

  beforeAll(async () => {
    app = await startTestApp();
    const response = await app.http().get('/docs-json');
    expect(response.status).toBe(200);
    doc = response.body as OpenApiDocument;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ method, path, op })),
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  const describeOp = (o: { method: string; path: string }) => `${o.method.toUpperCase()} ${o.path}`;

  it('should be OpenAPI 3 with the foundation routes', () => {
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/auth/me',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/clinics/{id}/settings',
      '/api/v1/patients/{id}/restore',
      '/api/v1/audit-events',
      '/health/ready',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.components.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('should give every operation a unique camelCase operationId, a summary and a declared tag', () => {
    const declaredTags = new Set((doc.tags ?? []).map((t) => t.name));
    const problems: string[] = [];
    const ids = new Map<string, string>();
    for (const o of operations) {
      const id = o.op.operationId ?? '';
      if (!/^[a-z][A-Za-z0-9]*$/.test(id)) problems.push(`${describeOp(o)}: operationId "${id}"`);
      if (ids.has(id)) {
        problems.push(`${describeOp(o)}: operationId "${id}" also on ${ids.get(id)}`);
      }
      ids.set(id, describeOp(o));
      if (!o.op.summary) problems.push(`${describeOp(o)}: no summary`);
      const tags = o.op.tags ?? [];
      if (tags.length === 0 || !tags.every((t) => declaredTags.has(t))) {
        problems.push(`${describeOp(o)}: tags ${JSON.stringify(tags)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should give every operation a 2xx JSON response with a schema', () => {
    const problems = operations
      .filter((o) => {
        const ok = Object.entries(o.op.responses).filter(([status]) => /^2\d\d$/.test(status));
        return !ok.some(([, r]) => r.content?.['application/json']?.schema !== undefined);
      })
      .map(describeOp);
    expect(problems).toEqual([]);
  });

  it('should document bearer security and 401/403 exactly on the operations that answer 401 without a token', async () => {
    const problems: string[] = [];
    const publicOps: string[] = [];
    for (const o of operations) {
      const path = o.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      // No token and an empty body: secured routes refuse before anything else runs.
      const status = (
        await app
          .http()
          [o.method as 'get'](path)
          .timeout(5000)
          .send({})
          .catch((e: Error) => ({ status: `${describeOp(o)} ${e.message}` }))
      ).status;
      const secured = (o.op.security ?? []).some((s) => 'bearer' in s);
      if (status !== 401) {
        publicOps.push(describeOp(o));
        if (secured) problems.push(`${describeOp(o)}: documented as secured, answers ${status}`);
        continue;
      }
      if (!secured) problems.push(`${describeOp(o)}: answers 401 but has no bearer security`);
      if (!o.op.responses['401']) problems.push(`${describeOp(o)}: no 401 documented`);
      if (!o.op.responses['403']) problems.push(`${describeOp(o)}: no 403 documented`);
      if (!o.path.startsWith('/api/v1/')) {
        problems.push(`${describeOp(o)}: secured outside /api/v1`);
      }
    }
    expect(problems).toEqual([]);
    // Public: login, health, docs, the public directory and the website's request form only.
    expect(
      publicOps.filter(
        (o) =>
          !/^(POST \/api\/v1\/auth\/login|GET \/health\/|\w+ \/api\/v1\/public\/|POST \/api\/v1\/consultation-requests$)/.test(
            o,
          ),
      ),
    ).toEqual([]);
    expect(publicOps).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /health/live', 'GET /health/ready']),
    );
  });

  it('should describe every error response as application/problem+json with the problem schema', () => {
    const problems: string[] = [];
    for (const o of operations) {
      for (const [status, response] of Object.entries(o.op.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const content = response.content ?? {};
        const schema = content['application/problem+json']?.schema as { $ref?: string } | undefined;
        if (Object.keys(content).join() !== 'application/problem+json') {
          problems.push(
            `${describeOp(o)} ${status}: ${Object.keys(content).join() || 'no content'}`,
          );
        } else if (schema?.$ref !== '#/components/schemas/ProblemDetailsDto') {
          problems.push(`${describeOp(o)} ${status}: schema ${JSON.stringify(schema)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(doc.components.schemas.ProblemDetailsDto).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']),
    });
  });

  it('should give every error response an example problem of its own status', () => {
    const problems: string[] = [];
    for (const o of operations) {
      for (const [status, response] of Object.entries(o.op.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const example = response.content?.['application/problem+json']?.example;
        if (!example) {
          problems.push(`${describeOp(o)} ${status}: no example`);
        } else if (
          example.status !== Number(status) ||
          typeof example.code !== 'string' ||
          typeof example.title !== 'string' ||
          typeof example.detail !== 'string'
        ) {
          problems.push(`${describeOp(o)} ${status}: example ${JSON.stringify(example)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The titles are the ones the server sends (a 400 is "Bad request", not "Validation failed").
    const patch = doc.paths['/api/v1/patients/{id}']?.patch as Operation;
    const example = (status: string) =>
      patch.responses[status]?.content?.['application/problem+json']?.example;
    expect(example('400')).toMatchObject({
      title: 'Bad request',
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: expect.any(String) })],
    });
    expect(example('412')).toMatchObject({ title: 'Precondition failed', code: 'STALE_VERSION' });
    expect(example('503')).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    const gate = doc.paths['/api/v1/sessions/{id}/start']?.post as Operation;
    expect(gate.responses['422']?.content?.['application/problem+json']?.example).toMatchObject({
      failedChecks: [expect.objectContaining({ check: expect.any(String) })],
    });
    const login = doc.paths['/api/v1/auth/login']?.post as Operation;
    expect(login.responses['429']?.content?.['application/problem+json']?.example).toMatchObject({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
    });
  });

  it('should list each header parameter once (header names are case-insensitive)', () => {
    const problems: string[] = [];
    for (const o of operations) {
      const names = (o.op.parameters ?? [])
        .filter((p) => p.in === 'header')
        .map((p) => (p.name ?? '').toLowerCase());
      const repeated = names.filter((name, i) => names.indexOf(name) !== i);
      if (repeated.length > 0) problems.push(`${describeOp(o)}: ${repeated.join(', ')}`);
    }
    expect(problems).toEqual([]);
    const patch = doc.paths['/api/v1/patients/{id}']?.patch as Operation;
    expect(patch.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'If-Match', required: false }),
    );
  });

  it('should declare an ETag only on responses whose body has a version (as the server sends it)', async () => {
    const problems: string[] = [];
    for (const o of operations) {
      for (const [status, response] of Object.entries(o.op.responses)) {
        if (!response.headers?.ETag) continue;
        const ref = (response.content?.['application/json']?.schema as { $ref?: string })?.$ref;
        const schema = doc.components.schemas[ref?.split('/').pop() ?? ''];
        if (!schema?.properties?.version) problems.push(`${describeOp(o)} ${status}`);
      }
    }
    expect(problems).toEqual([]);
    const login = doc.paths['/api/v1/auth/login']?.post as Operation;
    const ready = doc.paths['/health/ready']?.get as Operation;
    expect(login.responses['200']?.headers).not.toHaveProperty('ETag');
    expect(ready.responses['200']?.headers).not.toHaveProperty('ETag');
    expect((await app.http().get('/health/ready')).headers.etag).toBeUndefined();
    const patient = doc.paths['/api/v1/patients/{id}']?.get as Operation;
    expect(patient.responses['200']?.headers).toHaveProperty('ETag');
  });

  it('should list every clinic setting with its default and limits', () => {
    const keys = Object.keys(CLINIC_SETTING_DEFAULTS).sort();
    for (const name of ['ClinicSettingsDto', 'ClinicSettingsResponseDto']) {
      const schema = doc.components.schemas[name] as Schema;
      expect(
        Object.keys(schema.properties ?? {})
          .filter((k) => k !== 'version')
          .sort(),
      ).toEqual(keys);
      expect([...(schema.required ?? [])].filter((k) => k !== 'version').sort()).toEqual(keys);
    }
    const update = doc.components.schemas.UpdateClinicSettingsDto as Schema;
    expect(Object.keys(update.properties ?? {}).sort()).toEqual(keys);
    expect(update.required ?? []).toEqual([]);
    const problems: string[] = [];
    for (const name of ['ClinicSettingsResponseDto', 'UpdateClinicSettingsDto']) {
      for (const [key, value] of Object.entries(CLINIC_SETTING_DEFAULTS)) {
        const property = doc.components.schemas[name]?.properties?.[key] ?? {};
        const items = property.items as Record<string, unknown> | undefined;
        const limits = Array.isArray(value) ? items : property;
        // A list of kinds (e.g. required credentials) is bounded by its named enum instead.
        const itemRef = typeof items?.$ref === 'string' ? items.$ref.split('/').pop() : undefined;
        const itemEnum = (doc.components.schemas[itemRef ?? ''] as { enum?: unknown } | undefined)
          ?.enum;
        if (JSON.stringify(property.default) !== JSON.stringify(value)) {
          problems.push(`${name}.${key}: default ${JSON.stringify(property.default)}`);
        }
        const bounded = typeof limits?.minimum === 'number' && typeof limits?.maximum === 'number';
        const enumerated = Array.isArray(itemEnum) && typeof property.maxItems === 'number';
        if (!bounded && !enumerated) {
          problems.push(`${name}.${key}: no minimum/maximum (or enum items and maxItems)`);
        }
        if (typeof property.description !== 'string') {
          problems.push(`${name}.${key}: no description`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('should give every patient field an example', () => {
    const missing = ['CreatePatientDto', 'UpdatePatientDto', 'PatientResponseDto'].flatMap((name) =>
      Object.entries(doc.components.schemas[name]?.properties ?? {})
        .filter(([, property]) => !('example' in property))
        .map(([key]) => `${name}.${key}`),
    );
    expect(missing).toEqual([]);
  });

  it('should document 400 on operations with a body, a query or a path id, and 404 on path ids', () => {
    const problems: string[] = [];
    for (const o of operations) {
      if (!o.path.startsWith('/api/')) continue;
      const hasQuery = (o.op.parameters ?? []).some((p) => p.in === 'query');
      const hasInput = o.method !== 'get' || o.path.includes('{') || hasQuery;
      if (hasInput && !o.op.responses['400']) problems.push(`${describeOp(o)}: no 400`);
      if (o.path.includes('{id}') && !o.op.responses['404']) {
        problems.push(`${describeOp(o)}: no 404`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should name enums in the schema', () => {
    for (const name of ['StaffRole', 'SexAtBirth', 'AuditAction', 'Indication']) {
      expect(doc.components.schemas[name]).toMatchObject({
        type: 'string',
        enum: expect.any(Array),
      });
    }
  });

  it('should serve Swagger UI at /docs', async () => {
    const response = await app.http().get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toMatch(/swagger-ui/i);
  });
});
