import { gzipSync } from 'node:zlib';
import { auth, loginAsRootAdmin, newClinic } from 'test/support/fixtures';
import { errorFields, expectProblem, STACK_OR_SQL } from 'test/support/http-assertions';
import { startTestApp, TestApp } from 'test/support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('errors', () => {
  let app: TestApp;
  let token: string;
  let clinicId: string;
  const validPatient = () => ({
    clinicId,
    firstName: 'Error',
    lastName: 'Case',
    dateOfBirth: '1970-01-01',
    sexAtBirth: 'female',
  });

  beforeAll(async () => {
    app = await startTestApp();
    token = await loginAsRootAdmin(app);
    clinicId = (await newClinic(app, token)).id;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should answer malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Content-Type', 'application/json')
      .send('{"firstName": "Ann", ');
    expectProblem(response, 400, 'MALFORMED_JSON');
    expect(response.body.type).toBe('/problems/malformed-json');
    expect(response.body.title).toBe('Bad request');
  });

  it('should answer malformed JSON with 400 before authentication too', async () => {
    const response = await app
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{oops');
    expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it('should answer an unknown field with 400 naming it', async () => {
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .send({ ...validPatient(), favouriteColour: 'blue' });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.errors).toEqual([
      { field: 'favouriteColour', message: 'favouriteColour is not a known field' },
    ]);
    const { rows } = await app.db.query(`SELECT count(*)::int AS n FROM patients`);
    expect(rows[0].n).toBe(0);
  });

  it('should name a nested unknown field by its path', async () => {
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .send({
        ...validPatient(),
        address: { line1: 'x', city: 'y', country: 'US', planet: 'Mars' },
      });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(errorFields(response)).toEqual(['address.planet']);
  });

  it('should answer invalid values with 400 and one error per field', async () => {
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .send({
        ...validPatient(),
        dateOfBirth: '2001-02-30',
        sexAtBirth: 'sometimes',
        weightKg: 1000,
        email: 'not-an-email',
      });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(errorFields(response).sort()).toEqual([
      'dateOfBirth',
      'email',
      'sexAtBirth',
      'weightKg',
    ]);
    expect(response.body.detail).toContain('dateOfBirth');
    // Values are never echoed back: they may be patient data.
    expect(JSON.stringify(response.body)).not.toContain('not-an-email');
  });

  it('should answer a missing required field with "<field> is required"', async () => {
    const { lastName: _omit, ...body } = validPatient();
    const response = await app.http().post('/api/v1/patients').set(auth(token)).send(body);
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.errors).toEqual([{ field: 'lastName', message: 'lastName is required' }]);
  });

  it('should answer invalid query parameters with 400', async () => {
    for (const query of ['limit=abc', 'limit=0', 'limit=101', 'includeArchived=maybe&bogus=1']) {
      const response = await app.http().get(`/api/v1/patients?${query}`).set(auth(token));
      expectProblem(response, 400);
    }
  });

  it('should accept only true or false for a boolean query flag (?includeArchived=yes is 400, not false)', async () => {
    const chairs = `/api/v1/clinics/${clinicId}/chairs`;
    for (const path of [
      '/api/v1/patients?includeArchived',
      '/api/v1/users?includeInactive',
      `${chairs}?includeInactive`,
    ]) {
      for (const value of ['yes', '1', '0', 'TRUE', '']) {
        const response = await app.http().get(`${path}=${value}`).set(auth(token));
        expectProblem(response, 400, 'VALIDATION_FAILED');
        const field = path.split('?')[1] ?? '';
        expect(response.body.errors).toEqual([
          { field, message: `${field} must be true or false` },
        ]);
      }
      for (const value of ['true', 'false']) {
        expect((await app.http().get(`${path}=${value}`).set(auth(token))).status).toBe(200);
      }
    }
  });

  it('should answer an unknown route with a 404 problem, with or without a token', async () => {
    for (const path of ['/api/v1/nothing-here', '/api/v2/patients', '/nothing']) {
      expectProblem(await app.http().get(path), 404, 'NOT_FOUND');
      expectProblem(await app.http().get(path).set(auth(token)), 404, 'NOT_FOUND');
    }
    expectProblem(await app.http().put('/api/v1/patients').set(auth(token)).send({}), 404);
  });

  it('should answer a malformed UUID in the path with 400', async () => {
    for (const path of [
      '/api/v1/patients/not-a-uuid',
      '/api/v1/users/123',
      '/api/v1/clinics/%27%20OR%201=1--',
    ]) {
      const response = await app.http().get(path).set(auth(token));
      expectProblem(response, 400, 'VALIDATION_FAILED');
    }
  });

  it('should answer a missing record with 404', async () => {
    const response = await app
      .http()
      .get('/api/v1/patients/00000000-0000-4000-8000-000000000000')
      .set(auth(token));
    expectProblem(response, 404, 'PATIENT_NOT_FOUND');
  });

  it('should answer a malformed If-Match with 400', async () => {
    const created = await app.http().post('/api/v1/patients').set(auth(token)).send(validPatient());
    const response = await app
      .http()
      .patch(`/api/v1/patients/${created.body.id}`)
      .set(auth(token))
      .set('If-Match', 'yesterday')
      .send({ firstName: 'X' });
    expectProblem(response, 400, 'INVALID_IF_MATCH');
  });

  it('should answer a gzip body that does not decompress with 400 BAD_REQUEST_BODY, naming no zlib error', async () => {
    // Raw bytes (supertest would serialize a Buffer as JSON).
    const postGzip = async (body: Buffer) => {
      const response = await fetch(`${app.url}/api/v1/patients`, {
        method: 'POST',
        headers: {
          ...auth(token),
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
        },
        body,
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: (await response.json()) as Record<string, unknown>,
      };
    };
    const valid = gzipSync(Buffer.from(JSON.stringify(validPatient())));
    for (const body of [Buffer.from('this is not gzip at all'), valid.subarray(0, 12)]) {
      const response = await postGzip(body);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 400,
        code: 'BAD_REQUEST_BODY',
        detail: 'The request body could not be decoded',
      });
      expect(JSON.stringify(response.body)).not.toMatch(/header check|end of file|zlib|Z_/i);
    }
    // A well-formed gzip body is read as usual.
    expect((await postGzip(valid)).status).toBe(201);
  });

  it('should answer a body over 1 MB with 413', async () => {
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .send({ ...validPatient(), firstName: 'x'.repeat(1_100_000) });
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('should echo a client X-Request-Id in the header and the problem body', async () => {
    const response = await app
      .http()
      .get('/api/v1/patients/not-a-uuid')
      .set(auth(token))
      .set('X-Request-Id', 'client-req-42');
    expect(response.headers['x-request-id']).toBe('client-req-42');
    expect(response.body.requestId).toBe('client-req-42');
    const ok = await app.http().get('/health/live').set('X-Request-Id', 'client-req-43');
    expect(ok.headers['x-request-id']).toBe('client-req-43');
  });

  it('should generate a request id when none (or an unsafe one) is sent', async () => {
    const plain = await app.http().get('/api/v1/clinics').set(auth(token));
    expect(plain.headers['x-request-id']).toMatch(UUID);
    const unsafe = await app
      .http()
      .get('/api/v1/clinics')
      .set(auth(token))
      .set('X-Request-Id', 'bad id\twith "quotes"');
    expect(unsafe.headers['x-request-id']).toMatch(UUID);
    const error = await app.http().get('/api/v1/nothing');
    expect(error.headers['x-request-id']).toMatch(UUID);
    expect(error.body.requestId).toBe(error.headers['x-request-id']);
  });

  it('should never put a stack trace or SQL in an error body', async () => {
    const responses = await Promise.all([
      app
        .http()
        .post('/api/v1/patients')
        .set(auth(token))
        .set('Content-Type', 'application/json')
        .send('{'),
      app.http().get('/api/v1/patients?cursor=%%%').set(auth(token)),
      app.http().get('/api/v1/patients/not-a-uuid').set(auth(token)),
      app.http().post('/api/v1/clinics').set(auth(token)).send({ code: 'x' }),
      app.http().get('/api/v1/audit-events?from=yesterday').set(auth(token)),
    ]);
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(response.body)).not.toMatch(STACK_OR_SQL);
    }
  });
});

describe('logs hold no patient data', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should log the request id of a patient create and search but none of the patient’s data', async () => {
    const token = await loginAsRootAdmin(app);
    const clinic = await newClinic(app, token);
    const pii = {
      firstName: 'Quetzalia',
      lastName: 'Xylophanes',
      email: 'quetzalia.xylo@pii.example',
      phone: '+1 720 555 8421',
      dateOfBirth: '1961-07-23',
    };
    const created = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .send({ clinicId: clinic.id, sexAtBirth: 'female', ...pii, mrn: 'PIIMRN-777' });
    expect(created.status).toBe(201);
    const searches = [
      `name=${encodeURIComponent('Quetzalia Xylo')}`,
      `email=${encodeURIComponent(pii.email)}`,
      `phone=${encodeURIComponent('1-720-555-8421')}`,
      `dateOfBirth=${pii.dateOfBirth}`,
      'mrn=PIIMRN-777',
    ];
    const requestIds = [created.headers['x-request-id'] as string];
    for (const query of searches) {
      const response = await app.http().get(`/api/v1/patients?${query}`).set(auth(token));
      expect(response.status).toBe(200);
      expect({ query, n: response.body.data.length }).toEqual({ query, n: 1 });
      requestIds.push(response.headers['x-request-id'] as string);
    }
    const conflict = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .send({ clinicId: clinic.id, sexAtBirth: 'female', ...pii, mrn: 'PIIMRN-777' });
    expect(conflict.status).toBe(409);
    requestIds.push(conflict.headers['x-request-id'] as string);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const logs = app.logs();
    for (const id of requestIds) {
      expect(logs).toContain(id);
    }
    // Digits with their separators: bare digits can turn up inside a timestamp.
    const phoneForms = ['555 8421', '555-8421', '7205558421'];
    for (const value of [...Object.values(pii), 'Quetzalia', 'Xylo', ...phoneForms, 'PIIMRN-777']) {
      expect(logs).not.toContain(value);
    }
    expect(logs).not.toContain(token);
  });
});
