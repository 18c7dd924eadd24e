import {
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/** Clocks of clients and server differ a little; more than this ahead is a mistake. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * A measurement time (ISO 8601) that is not in the future. A future "recorded at" would make a
 * measurement look fresh for longer than it is (e.g. the dosing weight's maximum age).
 */
@ValidatorConstraint({ name: 'notInFuture' })
export class IsNotInFuture implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return !Number.isNaN(time) && time <= Date.now() + CLOCK_SKEW_MS;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must not be in the future`;
  }
}
