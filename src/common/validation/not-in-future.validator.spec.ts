import { CLOCK_SKEW_MS, IsNotInFuture } from 'src/common/validation/not-in-future.validator';

describe('IsNotInFuture', () => {
  const sut = new IsNotInFuture();
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

  it.each([
    ['a past time', at(-3600_000), true],
    ['now', at(0), true],
    ['a little ahead (clock skew)', at(CLOCK_SKEW_MS - 10_000), true],
    ['tomorrow', at(24 * 3600_000), false],
    ['not a date', 'yesterday', false],
    ['not a string', 42, false],
  ])('should judge %s', (_label, value, valid) => {
    expect(sut.validate(value)).toBe(valid);
  });
});
