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
