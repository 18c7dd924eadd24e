import { Validate } from 'class-validator';
import { IsNotInFuture } from 'src/common/validation/not-in-future.validator';
import {
  TextField,
  DateTimeField,
  DateTimeProperty,
  UuidProperty,
} from 'src/common/validation/field.decorators';

/** Why a step or a reading is entered late: trimmed, 3 to 1000 characters, optional. */
export function LateEntryReason(): PropertyDecorator {
  return TextField({
    optional: true,
    min: 3,
    max: 1000,
    example: 'EHR downtime 09:00–12:00, charted on paper',
  });
}

/**
 * What a step may carry when it is charted after the fact (issue 9 point 6): when it happened and
 * why it is entered late. Without occurredAt the step happens now.
 */
export class LateEntryDto {
  /**
   * When it happened, if not now (never in the future). More than the clinic's
   * lateEntryAfterMinutes (15) ago is a late entry: lateEntryReason is required and it may go back
   * at most lateEntryWindowHours (72). Every check is judged at this time.
   */
  @DateTimeField({ optional: true })
  @Validate(IsNotInFuture)
  occurredAt?: string;

  /** Why it is entered late, e.g. "EHR downtime 09:00–12:00, charted on paper". */
  @LateEntryReason()
  lateEntryReason?: string;
}

export class LateEntryRecordDto {
  /** The step entered late: book, check_in, start, end, discharge or an infusion event. */
  step!: string;
  @DateTimeProperty() occurredAt!: string;
  reason!: string;
  @UuidProperty() by!: string;
  @DateTimeProperty() enteredAt!: string;
}
