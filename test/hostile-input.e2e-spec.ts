import { connect } from 'node:net';
import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, loginAsRootAdmin, newClinic } from 'test/support/fixtures';
import { expectProblem } from 'test/support/http-assertions';

/** Sends raw bytes and answers what the server wrote back before it closed the socket. */
function raw(app: TestApp, bytes: string, pauseAfterMs = 0): Promise<string> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(bytes);
      if (pauseAfterMs > 0) {
        // A client that stops sending (it never writes the rest of its body).
        setTimeout(() => undefined, pauseAfterMs);
      }
    });
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const bodyOf = (answer: string): Record<string, unknown> =>
  JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

// Issue 11, point 1: hostile input never costs more than a 4xx.
describe('Hostile input', () => {
  let app: TestApp;
  let token: string;
  let clinicId: string;

  beforeAll(async () => {
    app = await startTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000' });
    token = await loginAsRootAdmin(app);
    clinicId = (await newClinic(app, token)).id;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should answer a deeply nested body with 400 JSON_TOO_COMPLEX on a public route, and stay healthy meanwhile', async () => {
    // 300 000 levels in under 1 MB: once a 500 and a 4.7 s stall of the event loop.
    const nested = `{"email":${'['.repeat(300_000)}${']'.repeat(300_000)}}`;
    const hostile = Array.from({ length: 5 }, () =>
      app.http().post('/auth/login').set('Content-Type', 'application/json').send(nested),
    );
    const health = await app.http().get('/health/live');
    const answers = await Promise.all(hostile);

    answers.forEach((response) => expectProblem(response, 400, 'JSON_TOO_COMPLEX'));
    expect(answers[0]?.body.detail).toContain('nests deeper than 32 levels');
    expect(health.status).toBe(200);
  });

  it('should refuse nesting past the budget on an authenticated write and keep nothing', async () => {
    const deep = JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) as unknown;
    const response = await app
      .http()
      .post('/api/v1/patients')
      .set(auth(token))
      .set('Idempotency-Key', 'deep-1')
      .send({ clinicId, firstName: 'Deep', lastName: 'Nest', extra: deep });

    expectProblem(response, 400, 'JSON_TOO_COMPLEX');
    const stored = await app.db.query(
      `SELECT count(*)::int AS n FROM patients WHERE last_name = 'Nest'`,
    );
    expect(stored.rows[0].n).toBe(0);
    const keys = await app.db.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'deep-1'`,
    );
    expect(keys.rows[0].n).toBe(0);
  });

  it('should refuse a body of more than 10 000 values with 400', async () => {
    const wide = JSON.stringify({ email: Array.from({ length: 20_000 }, () => 0) });
    const response = await app
      .http()
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(wide);

    expectProblem(response, 400, 'JSON_TOO_COMPLEX');
    expect(response.body.detail).toContain('more than 10000 values');
  });

  it('should answer a URL over 8 KB with 414 problem+json', async () => {
    const response = await app
      .http()
      .get(`/api/v1/patients?name=${'a'.repeat(9000)}`)
      .set(auth(token));

    expectProblem(response, 414, 'URL_TOO_LONG');
  });

  it('should answer headers over 16 KB with 431 problem+json from the socket', async () => {
    const answer = await raw(
      app,
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );

    expect(answer.startsWith('HTTP/1.1 431')).toBe(true);
    expect(answer).toContain('Content-Type: application/problem+json');
    expect(bodyOf(answer)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('should answer a request line that is not HTTP with 400 problem+json', async () => {
    const answer = await raw(app, 'HELLO\r\n\r\n');

    expect(answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect(bodyOf(answer)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('should cut a body that stops arriving with 408 once the request timeout passes', async () => {
    // Without the timeout the server would hold the socket open and this would never resolve.
    const answer = await raw(
      app,
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
      5000,
    );

    expect(answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(bodyOf(answer)).toMatchObject({ status: 408, code: 'REQUEST_RECEIVE_TIMEOUT' });
    expect((await app.http().get('/health/ready')).status).toBe(200);
  });

  it('should cut a client that never finishes its headers', async () => {
    const answer = await raw(app, 'GET /health/live HTTP/1.1\r\nHost: x\r\n', 5000);

    expect(answer.startsWith('HTTP/1.1 408')).toBe(true);
  });
});
