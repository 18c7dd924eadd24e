import { ValidateIf } from 'class-validator';

/**
 * For PATCH bodies: the field may be left out, but not set to null (unlike @IsOptional, which lets
 * null through to a NOT NULL column or a setting that must have a value).
 */
export const OptionalNotNull = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
