import { loggerParams } from 'src/common/logging';
import { AppConfig } from 'src/config/app-config';

const config = (logLevel: AppConfig['logLevel']) => ({ logLevel }) as AppConfig;

describe('loggerParams', () => {
  it.each([
    ['silent', []],
    ['info', undefined],
    ['error', undefined],
  ] as const)('at %s mounts the request logger on %p routes', (level, routes) => {
    expect(loggerParams(config(level)).forRoutes).toEqual(routes);
  });
});
