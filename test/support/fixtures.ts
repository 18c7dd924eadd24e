import { randomBytes } from 'node:crypto';
import { TestApp } from 'test/support/test-app';
import { BOOTSTRAP_ADMIN } from 'test/support/test-env';

export type Role = 'admin' | 'clinician' | 'nurse' | 'front_desk';
export const ROLES: Role[] = ['admin', 'clinician', 'nurse', 'front_desk'];

export interface Staff {
  id: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

export interface ClinicWorld {
  clinicId: string;
  code: string;
  staff: Record<Role, Staff>;
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const unique = () => randomBytes(4).toString('hex');

export async function login(app: TestApp, email: string, password: string): Promise<string> {
  const response = await app.http().post('/api/v1/auth/login').send({ email, password });
  if (response.status !== 200) {
    throw new Error(`login ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.accessToken as string;
}

export function loginAsRootAdmin(app: TestApp): Promise<string> {
  return login(app, BOOTSTRAP_ADMIN.email, BOOTSTRAP_ADMIN.password);
}

export async function newClinic(
  app: TestApp,
  adminToken: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string }> {
  const code = `C${unique().toUpperCase()}`.slice(0, 9);
  const response = await app
    .http()
    .post('/api/v1/clinics')
    .set(auth(adminToken))
    .send({ name: `Clinic ${code}`, code, timezone: 'America/Denver', ...overrides });
  if (response.status !== 201) {
    throw new Error(`clinic create failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { id: response.body.id as string, code };
}

/** Far enough ahead that no test's session date reaches it. */
export const FAR_EXPIRY = '2099-12-31';

/** Records a credential of a user as `adminToken`'s admin; throws unless 201. */
export async function newCredential(
  app: TestApp,
  adminToken: string,
  userId: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown> & { id: string; version: number }> {
  const response = await app
    .http()
    .post(`/api/v1/users/${userId}/credentials`)
    .set(auth(adminToken))
    .send(body);
  if (response.status !== 201) {
    throw new Error(`credential failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Record<string, unknown> & { id: string; version: number };
}

/**
 * A user of `role` in `clinicIds`, logged in. Nurses and clinicians hold BLS and ACLS valid far into
 * the future (the clinic defaults require BLS of the infusion nurse and ACLS of the supervising
 * clinician, §3.3), unless `credentials: false`.
 */
export async function newStaff(
  app: TestApp,
  adminToken: string,
  role: Role,
  clinicIds: string[],
  options: { credentials?: boolean } = {},
): Promise<Staff> {
  const email = `${role}.${unique()}@test.example`;
  const password = `pw-${unique()}-${unique()}`;
  const response = await app
    .http()
    .post('/api/v1/users')
    .set(auth(adminToken))
    .send({ email, fullName: `Test ${role}`, role, password, clinicIds });
  if (response.status !== 201) {
    throw new Error(`user create failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const id = response.body.id as string;
  if (options.credentials !== false && (role === 'nurse' || role === 'clinician')) {
    for (const kind of ['bls', 'acls']) {
      await newCredential(app, adminToken, id, { kind, expiresOn: FAR_EXPIRY });
    }
  }
  return {
    id,
    email,
    password,
    role,
    token: await login(app, email, password),
  };
}

/** A clinic with one user of every role; the clinic's admin is a new admin, not the root one. */
export async function newClinicWorld(app: TestApp, rootToken: string): Promise<ClinicWorld> {
  const clinic = await newClinic(app, rootToken);
  const staff = {} as Record<Role, Staff>;
  for (const role of ROLES) {
    staff[role] = await newStaff(app, rootToken, role, [clinic.id]);
  }
  return { clinicId: clinic.id, code: clinic.code, staff };
}

export async function newPatient(
  app: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; version: number }> {
  const response = await app
    .http()
    .post('/api/v1/patients')
    .set(auth(token))
    .send({
      firstName: 'Alex',
      lastName: `Patient${unique()}`,
      dateOfBirth: '1985-06-15',
      sexAtBirth: 'female',
      ...overrides,
    });
  if (response.status !== 201) {
    throw new Error(`patient create failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Record<string, unknown> & { id: string; version: number };
}
