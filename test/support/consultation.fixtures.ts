import { randomBytes } from 'node:crypto';
import { TestApp } from 'test/support/test-app';

const unique = () => randomBytes(4).toString('hex');

/**
 * A client address of its own (the server trusts X-Forwarded-For from loopback, as behind a
 * proxy), so scenario tests do not share the public form's rate limit.
 */
export function newClientAddress(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${Math.max(1, b[2] ?? 1)}`;
}

/** What a person types into the website's "request an appointment" form. */
export function requestForm(clinicId: string, overrides: Record<string, unknown> = {}) {
  return {
    preferredClinicId: clinicId,
    firstName: 'Robin',
    lastName: `Requester${unique()}`,
    email: `robin.${unique()}@example.com`,
    phone: '+1 303 555 0123',
    preferredContactMethod: 'email',
    dateOfBirth: '1979-02-14',
    treatmentOfInterest: 'treatment_resistant_depression',
    reason: 'Two antidepressants have not helped; my psychiatrist suggested ketamine.',
    consentToContact: true,
    ...overrides,
  };
}

export function submitRequest(
  app: TestApp,
  body: Record<string, unknown>,
  clientAddress = newClientAddress(),
) {
  return app
    .http()
    .post('/api/v1/consultation-requests')
    .set('X-Forwarded-For', clientAddress)
    .send(body);
}

/** A request waiting in the clinic's inbox; answers its id. */
export async function newConsultationRequest(
  app: TestApp,
  clinicId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await submitRequest(app, requestForm(clinicId, overrides));
  if (response.status !== 202) {
    throw new Error(`request submit failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.referenceId as string;
}

/** A whole-hour time `days` from now, as ISO with offset (Z). */
export function slot(days: number, hour = 9, minute = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, minute, 0, 0);
  return d.toISOString();
}
