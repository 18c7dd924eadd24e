import {
  DomainException,
  HttpStatusCode,
  ProblemExtras,
} from 'src/common/problem/domain.exception';

export enum UserExceptionCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  CLINIC_NOT_FOUND = 'CLINIC_NOT_FOUND',
  CANNOT_DEACTIVATE_SELF = 'CANNOT_DEACTIVATE_SELF',
  USER_ALREADY_INACTIVE = 'USER_ALREADY_INACTIVE',
  USER_ALREADY_ACTIVE = 'USER_ALREADY_ACTIVE',
  CLINIC_REQUIRED = 'CLINIC_REQUIRED',
  USER_MANAGED_ELSEWHERE = 'USER_MANAGED_ELSEWHERE',
  /** The password is common, repetitive, or the user's or the service's name (NIST SP 800-63B). */
  WEAK_PASSWORD = 'WEAK_PASSWORD',
}

const STATUS: Record<UserExceptionCode, HttpStatusCode> = {
  USER_NOT_FOUND: 404,
  CLINIC_NOT_FOUND: 404,
  CANNOT_DEACTIVATE_SELF: 409,
  USER_ALREADY_INACTIVE: 409,
  USER_ALREADY_ACTIVE: 409,
  CLINIC_REQUIRED: 400,
  USER_MANAGED_ELSEWHERE: 403,
  WEAK_PASSWORD: 400,
};

export class UserException extends DomainException {
  constructor(code: UserExceptionCode, message: string, extras?: ProblemExtras) {
    super(code, STATUS[code], message, extras);
  }
}
