import { parseTrustProxy } from 'src/config/trust-proxy';

describe('parseTrustProxy', () => {
  it.each([
    ['loopback', ['loopback']],
    ['true', true],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['loopback, 10.1.2.3, 192.168.0.0/16', ['loopback', '10.1.2.3', '192.168.0.0/16']],
    ['fd00::/8,::1', ['fd00::/8', '::1']],
    ['uniquelocal,linklocal', ['uniquelocal', 'linklocal']],
  ])('should accept %j as %j', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['yes', 'a word that is no range'],
    ['10.0.0.0/33', 'an IPv4 prefix over 32'],
    ['fd00::/129', 'an IPv6 prefix over 128'],
    ['10.0.0.0/8/1', 'two prefixes'],
    ['999.1.1.1', 'no address'],
    ['loopback,,10.0.0.1', 'an empty entry'],
    ['-1', 'a negative count'],
    ['TRUE', 'another spelling of true'],
  ])('should refuse %j (%s)', (value) => {
    expect(parseTrustProxy(value)).toBeNull();
  });
});
