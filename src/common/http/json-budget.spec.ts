import { jsonBudgetBreach } from 'src/common/http/json-budget';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('jsonBudgetBreach (issue 11: hostile input costs a 400, not a crash)', () => {
  it.each([
    ['a flat object', '{"a":1,"b":[1,2,3]}', null],
    ['nesting at the limit', nested(4), null],
    ['one level past the limit', nested(5), 'depth'],
    ['brackets inside strings do not count', `{"a":"${'['.repeat(50)}"}`, null],
    ['an escaped quote keeps the string open', `{"a":"\\"${'['.repeat(50)}"}`, null],
    ['values at the limit (a container and its separators)', `[${'1,'.repeat(9)}1]`, null],
    ['values past the limit', `[${'1,'.repeat(10)}1]`, 'values'],
    ['commas inside strings do not count', `["${','.repeat(50)}"]`, null],
    ['malformed text is left to JSON.parse', '{"a":', null],
  ])('%s', (_case, text, breach) => {
    expect(jsonBudgetBreach(bytes(text), 4, 10)).toBe(breach);
  });

  it('scans a deeply nested megabyte without recursion', () => {
    expect(jsonBudgetBreach(bytes(nested(500_000)))).toBe('depth');
  });
});
