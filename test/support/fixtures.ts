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

export async function newStaff(
  app: TestApp,
  adminToken: string,
  role: Role,
  clinicIds: string[],
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
  return {
    id: response.body.id as string,
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
