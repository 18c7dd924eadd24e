import { ConfigValidationError, loadConfig } from 'src/config/app-config';

describe('loadConfig TRUST_PROXY', () => {
  const base = { JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/nonexistent-kc-config-test' };

  it.each([
    [undefined, ['loopback']],
    ['', ['loopback']],
    ['false', false],
    ['1', 1],
    ['10.0.0.0/8,loopback', ['10.0.0.0/8', 'loopback']],
  ])('should read %j as %j', (value, expected) => {
    expect(loadConfig({ ...base, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('should refuse a value that is no trust setting', () => {
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'yes please' })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });
});

describe('loadConfig HSTS', () => {
  const base = { JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/nonexistent-kc-config-test' };

  it.each([
    [undefined, undefined, false],
    ['development', '', false],
    ['production', undefined, true],
    ['production', 'false', false],
    ['development', 'true', true],
    ['test', 'false', false],
  ])('should read NODE_ENV=%j HSTS=%j as %j', (nodeEnv, hsts, expected) => {
    expect(loadConfig({ ...base, NODE_ENV: nodeEnv, HSTS: hsts }).hsts).toBe(expected);
  });

  it('should refuse a value that is neither true nor false', () => {
    expect(() => loadConfig({ ...base, HSTS: 'yes' })).toThrow(/HSTS/);
  });
});

describe('loadConfig MIGRATION_DATABASE_URL', () => {
  const base = { JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/nonexistent-kc-config-test' };
  const service = 'postgres://ketamine_clinic_api:p@db/ketamine_clinic';
  const owner = 'postgres://ketamine:p@db/ketamine_clinic';

  it('should read the owner URL beside the service URL', () => {
    const { database } = loadConfig({
      ...base,
      DATABASE_URL: service,
      MIGRATION_DATABASE_URL: owner,
    });
    expect(database).toMatchObject({ url: service, migrationUrl: owner });
  });

  it('should leave it unset when empty, so DATABASE_URL does both', () => {
    const { database } = loadConfig({ ...base, DATABASE_URL: service, MIGRATION_DATABASE_URL: '' });
    expect(database.migrationUrl).toBeUndefined();
  });

  it('should refuse it without DATABASE_URL (the embedded mode makes its own roles)', () => {
    expect(() => loadConfig({ ...base, MIGRATION_DATABASE_URL: owner })).toThrow(
      /MIGRATION_DATABASE_URL needs DATABASE_URL/,
    );
  });
});
