import { isCacheableDocsAsset, isDocsPath } from 'src/common/http/security-headers';

describe('isDocsPath (Swagger UI gets its own Content-Security-Policy)', () => {
  it.each<[string, boolean]>([
    ['/docs', true],
    ['/docs/', true],
    ['/docs/swagger-ui-bundle.js', true],
    ['/docs-json', false],
    ['/docsx', false],
    ['/api/v1/patients', false],
    ['/health/ready', false],
  ])('should judge %j as %s', (path, expected) => {
    expect(isDocsPath(path)).toBe(expected);
  });
});

describe('isCacheableDocsAsset (everything else is Cache-Control: no-store)', () => {
  it.each<[string, boolean]>([
    ['/docs/swagger-ui-bundle.js', true],
    ['/docs/swagger-ui.css', true],
    ['/docs/favicon-32x32.png', true],
    ['/docs/swagger-ui-init.js', false],
    ['/docs', false],
    ['/docs-json', false],
    ['/api/v1/patients/x.js', false],
    ['/health/ready', false],
  ])('should judge %j as %s', (path, expected) => {
    expect(isCacheableDocsAsset(path)).toBe(expected);
  });
});
