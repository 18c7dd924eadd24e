import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import {
  CommonException,
  CommonExceptionCode,
  FieldError,
} from 'src/common/problem/domain.exception';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    // One message per field: the first that failed, or "required" when the field is missing.
    const first = Object.values(error.constraints ?? {})[0];
    const own =
      first === undefined
        ? []
        : [
            {
              field,
              message:
                error.value === undefined && !first.endsWith('should not exist')
                  ? `${field} is required`
                  : humanise(first, error.property, field),
            },
          ];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

// class-validator names the bare property; the client needs the full path.
function humanise(message: string, property: string, field: string): string {
  if (message.startsWith('property ') && message.endsWith(' should not exist')) {
    return `${field} is not a known field`;
  }
  return property !== field && message.startsWith(property)
    ? field + message.slice(property.length)
    : message;
}

/**
 * DTO classes compile to ES2022 class fields, so a transformed DTO has every declared property as an
 * own key, `undefined` when the client did not send it. Services rely on "the keys are what was sent"
 * (PATCH role checks, `Object.assign(entity, dto)`, audit `fields`), so those keys are removed.
 */
function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    value.forEach(dropUndefined);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === undefined) {
        delete record[key];
      } else {
        dropUndefined(record[key]);
      }
    }
  }
  return value;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return dropUndefined(await super.transform(value, metadata));
  }
}

/**
 * Strict validation for every request: unknown fields are errors, types are coerced by the DTOs,
 * and the resulting DTO holds only the fields the client sent (plus declared defaults).
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: true,
    // value is used to tell a missing field from a wrong one; it is never put in the response.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new CommonException(
        CommonExceptionCode.VALIDATION_FAILED,
        fieldErrors.map((e) => e.message).join('; ') || 'Invalid input',
        { errors: fieldErrors },
      );
    },
  });
}
