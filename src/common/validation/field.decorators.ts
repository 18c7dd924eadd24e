import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalNotNull } from 'src/common/validation/optional-not-null';

/**
 * House decorators: one line per DTO property, covering coercion, validation and the OpenAPI
 * schema together (STYLE.md §4.2). The swagger CLI plugin still adds the type, optionality, limits
 * of the class-validator decorators and the doc comment; these add what it cannot infer (formats,
 * enum names, examples). Stacks that occur once stay written out where they are.
 */
export interface FieldOptions {
  /**
   * May be left out: `true` lets null through too (IsOptional); `'not-null'` refuses an explicit
   * null (PATCH of a field that must keep a value).
   */
  optional?: boolean | 'not-null';
  /** Documented as nullable (a PATCH clears it with null). */
  nullable?: boolean;
  example?: unknown;
}

type Decorator = PropertyDecorator;

function presence(options: FieldOptions): Decorator[] {
  if (options.optional === 'not-null') {
    return [OptionalNotNull()];
  }
  return options.optional ? [IsOptional()] : [];
}

function schema(options: FieldOptions, extra: ApiPropertyOptions): Decorator {
  return ApiProperty({
    ...(options.optional ? { required: false } : {}),
    ...(options.nullable ? { nullable: true } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
    ...extra,
  } as ApiPropertyOptions);
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A uuid (any version); `each`: an array of them, at most `maxItems`. */
export function UuidField(options: FieldOptions & { each?: boolean; maxItems?: number } = {}) {
  const each = options.each ?? false;
  return applyDecorators(
    schema(options, {
      format: 'uuid',
      ...(each ? { type: [String], maxItems: options.maxItems ?? 100 } : {}),
    }),
    ...presence(options),
    ...(each ? [IsArray(), ArrayMaxSize(options.maxItems ?? 100)] : []),
    IsUUID(undefined, { each }),
  );
}

/** A string, trimmed before it is checked, of `min` (default 0) to `max` characters. */
export function TextField(options: FieldOptions & { min?: number; max: number }) {
  // The plugin reads MinLength/MaxLength only where they are written in the DTO: say them here.
  return applyDecorators(
    schema(options, { ...(options.min ? { minLength: options.min } : {}), maxLength: options.max }),
    ...presence(options),
    Transform(trim),
    IsString(),
    ...(options.min ? [MinLength(options.min)] : []),
    MaxLength(options.max),
  );
}

/**
 * An email address of at most 254 characters (RFC 5321), taken as sent (not trimmed). The format
 * and limit are written into the schema because the plugin cannot see them through this decorator;
 * the length is checked first, as the written-out stacks this replaces did.
 */
export function EmailField(options: FieldOptions = {}) {
  return applyDecorators(
    schema(options, { format: 'email', maxLength: 254 }),
    ...presence(options),
    MaxLength(254),
    IsEmail(),
  );
}

/** An ISO 8601 date-time with its offset (`2026-01-05T16:00:00Z`). */
export function DateTimeField(options: FieldOptions = {}) {
  return applyDecorators(
    schema(options, { format: 'date-time', ...(options.nullable ? { type: String } : {}) }),
    ...presence(options),
    IsDateString({ strict: true }),
  );
}

/** The values of a literal list as the object EnumField takes (`enumOf(['a', 'b'])`). */
export const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

/** One value of `values`, named `enumName` in the schema so generated clients get a real enum. */
export function EnumField(
  values: Record<string, string>,
  enumName: string,
  options: FieldOptions & { each?: boolean } = {},
) {
  const each = options.each ?? false;
  return applyDecorators(
    schema(options, { enum: values, enumName, ...(each ? { isArray: true } : {}) }),
    ...presence(options),
    ...(each ? [IsArray()] : []),
    IsEnum(values, { each }),
  );
}

/**
 * A whole number in [min, max]. `query`: it comes as text in a query string and is converted first.
 */
export function IntField(options: FieldOptions & { min?: number; max?: number; query?: boolean }) {
  return applyDecorators(
    schema(options, {
      ...(options.min !== undefined ? { minimum: options.min } : {}),
      ...(options.max !== undefined ? { maximum: options.max } : {}),
    }),
    ...presence(options),
    ...(options.query ? [Type(() => Number)] : []),
    IsInt(),
    ...(options.min !== undefined ? [Min(options.min)] : []),
    ...(options.max !== undefined ? [Max(options.max)] : []),
  );
}

/** A finite number in [min, max] (no NaN or Infinity). */
export function NumberField(options: FieldOptions & { min?: number; max?: number }) {
  return applyDecorators(
    schema(options, {
      ...(options.min !== undefined ? { minimum: options.min } : {}),
      ...(options.max !== undefined ? { maximum: options.max } : {}),
    }),
    ...presence(options),
    IsNumber(),
    ...(options.min !== undefined ? [Min(options.min)] : []),
    ...(options.max !== undefined ? [Max(options.max)] : []),
  );
}

/**
 * A finite number with at most `places` decimals, in [min, max] (doses, amounts). NumberField has
 * no decimal limit; added for the treatment-plan and screening doses, where this stack repeated 7
 * times.
 */
export function DecimalField(
  options: FieldOptions & { places: number; min?: number; max?: number },
) {
  return applyDecorators(
    schema(options, {
      ...(options.min !== undefined ? { minimum: options.min } : {}),
      ...(options.max !== undefined ? { maximum: options.max } : {}),
    }),
    ...presence(options),
    IsNumber({ maxDecimalPlaces: options.places }),
    ...(options.min !== undefined ? [Min(options.min)] : []),
    ...(options.max !== undefined ? [Max(options.max)] : []),
  );
}

/** true or false, in a JSON body. */
export function BooleanField(options: FieldOptions = {}) {
  return applyDecorators(schema(options, {}), ...presence(options), IsBoolean());
}

// ---------- response properties: the schema only ----------

/** A uuid in a response; `nullable` for one that may be null. */
export function UuidProperty(options: { nullable?: boolean; each?: boolean } = {}) {
  return ApiProperty({
    format: 'uuid',
    ...(options.nullable ? { nullable: true, type: String } : {}),
    ...(options.each ? { type: [String] } : {}),
  });
}

/** An ISO 8601 date-time in a response. */
export function DateTimeProperty(options: { nullable?: boolean; example?: string } = {}) {
  return ApiProperty({
    format: 'date-time',
    ...(options.nullable ? { nullable: true, type: String } : {}),
    ...(options.example ? { example: options.example } : {}),
  });
}

/** An enum value in a response, named in the schema. */
export function EnumProperty(
  values: Record<string, string>,
  enumName: string,
  options: { nullable?: boolean; isArray?: boolean; example?: string } = {},
) {
  return ApiProperty({
    enum: values,
    enumName,
    ...(options.nullable ? { nullable: true } : {}),
    ...(options.isArray ? { isArray: true } : {}),
    ...(options.example ? { example: options.example } : {}),
  });
}
