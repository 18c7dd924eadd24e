import { createHmac } from 'node:crypto';
import type { Response } from 'supertest';

/** The problem+json shape every error answers with (API.md "Errors"). */
export function expectProblem(response: Response, status: number, code?: string): void {
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({
    status,
    body: { status, ...(code ? { code } : {}) },
  });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.body as Record<string, unknown>;
  for (const key of ['type', 'title', 'detail', 'code', 'requestId']) {
    expect(typeof body[key]).toBe('string');
  }
  expect(body.requestId).toBe(response.headers['x-request-id']);
  expect(JSON.stringify(body)).not.toMatch(STACK_OR_SQL);
}

/** A stack frame, an SQL statement or a driver error: none may reach a client. */
export const STACK_OR_SQL =
  /\n\s+at |\bat [\w.<>]+ \(|node_modules|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|QueryFailedError/;

/** The field names a 400 named in `errors`. */
export function errorFields(response: Response): string[] {
  const errors = (response.body as { errors?: { field: string }[] }).errors ?? [];
  return errors.map((e) => e.field);
}

const b64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An HS256 JWT built by hand, to test what the server does with tokens it did not issue. */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export function decodeJwt(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The ids of a list page, in order. */
export function idsOf(response: Response): string[] {
  return (response.body as { data: { id: string }[] }).data.map((row) => row.id);
}
