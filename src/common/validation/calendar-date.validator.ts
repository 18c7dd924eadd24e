import {
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';

/** A real calendar date between 1900-01-01 and today (2023-02-30 and future births are refused). */
@ValidatorConstraint({ name: 'calendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return false;
    }
    const date = new Date(`${value}T00:00:00Z`);
    return (
      !Number.isNaN(date.getTime()) &&
      date.toISOString().slice(0, 10) === value &&
      value >= '1900-01-01' &&
      date.getTime() <= Date.now()
    );
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a real date (YYYY-MM-DD) between 1900-01-01 and today`;
  }
}

/** A real calendar date between 1900-01-01 and 2199-12-31, future allowed (expiry dates). */
@ValidatorConstraint({ name: 'calendarDay' })
export class IsCalendarDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return false;
    }
    const date = new Date(`${value}T00:00:00Z`);
    return (
      !Number.isNaN(date.getTime()) &&
      date.toISOString().slice(0, 10) === value &&
      value >= '1900-01-01' &&
      value <= '2199-12-31'
    );
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a real date (YYYY-MM-DD) between 1900-01-01 and 2199-12-31`;
  }
}
