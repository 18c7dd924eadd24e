export const TEMPLATE_DATABASE = 'kc_template';
export const BOOTSTRAP_ADMIN = {
  email: 'root-admin@test.example',
  password: 'bootstrap-password-123',
};
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * The roles the harness runs the server as, like production (README "Database roles"): the owner
 * migrates the template and each clone at start, the service login (a member of
 * ketamine_clinic_service) serves the requests. Cluster-wide, so made by the global setup and
 * dropped by the teardown.
 */
export const TEST_OWNER = { user: 'kc_test_owner', password: 'kc-test-owner-password' };
export const TEST_SERVICE = { user: 'kc_test_api', password: 'kc-test-api-password' };

/** The URL with these credentials instead of the admin's. */
export function asRole(url: string, role: { user: string; password: string }): string {
  const parsed = new URL(url);
  parsed.username = role.user;
  parsed.password = role.password;
  return parsed.toString();
}
