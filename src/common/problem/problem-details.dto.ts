import { ApiProperty } from '@nestjs/swagger';

export class FieldErrorDto {
  /** Dotted path of the offending input, e.g. `address.postalCode` or `items[3]`. */
  field!: string;
  message!: string;
}

export class FailedCheckDto {
  /** Machine-readable check code, e.g. `VITALS_SYSTOLIC_ABOVE_HOLD`. */
  check!: string;
  message!: string;
  /** Whether a clinician may override this check with a recorded reason. */
  overridable!: boolean;
  /** The sessions in the way (a chair, patient, nurse or spacing conflict), when there are any. */
  @ApiProperty({ type: [String], format: 'uuid', required: false })
  conflictingSessionIds?: string[];
}

/** RFC 9457 problem details, the body of every error response (Content-Type application/problem+json). */
export class ProblemDetailsDto {
  /** A URI reference naming the problem type. */
  @ApiProperty({ example: '/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Bad request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'dateOfBirth must be a date (YYYY-MM-DD)' })
  detail!: string;

  /** Stable machine-readable code; clients branch on this, not on `title`. */
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code!: string;

  /** The request id, also in the X-Request-Id header; quote it to support. */
  @ApiProperty({ example: '2f0b8a4e-54c5-4c1b-a5a2-0a1c7d1a9d11' })
  requestId!: string;

  @ApiProperty({ type: [FieldErrorDto], required: false })
  errors?: FieldErrorDto[];

  @ApiProperty({ type: [FailedCheckDto], required: false })
  failedChecks?: FailedCheckDto[];

  /** A booking conflict (409): the sessions in the way, so a client can show or move them. */
  @ApiProperty({ type: [String], format: 'uuid', required: false })
  conflictingSessionIds?: string[];
}
