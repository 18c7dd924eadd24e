import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseQueryBoolean, QueryBoolean } from 'src/common/validation/query-boolean';

class FlagQuery {
  @QueryBoolean()
  flag: boolean = false;
}

describe('parseQueryBoolean', () => {
  it.each([
    ['true', true],
    ['false', false],
    [true, true],
    [false, false],
    ['yes', 'yes'],
    ['1', '1'],
    ['0', '0'],
    ['TRUE', 'TRUE'],
    ['', ''],
    [
      ['true', 'true'],
      ['true', 'true'],
    ],
  ])('should turn %j into %j', (value, expected) => {
    expect(parseQueryBoolean(value)).toEqual(expected);
  });
});

describe('QueryBoolean', () => {
  const check = (query: Record<string, unknown>) => {
    const dto = plainToInstance(FlagQuery, query, { exposeDefaultValues: true });
    return {
      flag: dto.flag,
      errors: validateSync(dto).flatMap((e) => Object.values(e.constraints ?? {})),
    };
  };

  it.each([
    [{}, false, []],
    [{ flag: 'true' }, true, []],
    [{ flag: 'false' }, false, []],
    [{ flag: 'yes' }, 'yes', ['flag must be true or false']],
    [{ flag: '1' }, '1', ['flag must be true or false']],
    [{ flag: '' }, '', ['flag must be true or false']],
  ])('should read %j as %j with errors %j', (query, flag, errors) => {
    expect(check(query)).toEqual({ flag, errors });
  });
});
