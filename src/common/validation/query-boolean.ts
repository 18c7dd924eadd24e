// No Nest imports: unit tests load this file outside the framework.
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/**
 * A query-string flag: exactly `true` or `false`. Anything else (`yes`, `1`, an empty value, the
 * flag given twice) is left as it came, so validation answers 400 instead of reading it as false.
 */
export function parseQueryBoolean(value: unknown): unknown {
  if (value === 'true') {
    return true;
  }
  if (value === 'false') {
    return false;
  }
  return value;
}

/** For boolean query DTO fields: `?flag=true|false`, 400 for any other value (API.md "Errors"). */
export function QueryBoolean(): PropertyDecorator {
  const decorators = [
    IsOptional(),
    Transform(({ value }: { value: unknown }) => parseQueryBoolean(value)),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  ];
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
}
