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
