import {
  DomainException,
  HttpStatusCode,
  ProblemExtras,
} from 'src/common/problem/domain.exception';

export enum StaffCredentialExceptionCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  CREDENTIAL_NOT_FOUND = 'CREDENTIAL_NOT_FOUND',
  CREDENTIAL_REVOKED = 'CREDENTIAL_REVOKED',
  USER_MANAGED_ELSEWHERE = 'USER_MANAGED_ELSEWHERE',
}

const STATUS: Record<StaffCredentialExceptionCode, HttpStatusCode> = {
  USER_NOT_FOUND: 404,
  CREDENTIAL_NOT_FOUND: 404,
  CREDENTIAL_REVOKED: 409,
  USER_MANAGED_ELSEWHERE: 403,
};

export class StaffCredentialException extends DomainException {
  constructor(code: StaffCredentialExceptionCode, message: string, extras?: ProblemExtras) {
    super(code, STATUS[code], message, extras);
  }

  static userNotFound(): StaffCredentialException {
    return new StaffCredentialException(
      StaffCredentialExceptionCode.USER_NOT_FOUND,
      'User not found',
    );
  }

  static notFound(): StaffCredentialException {
    return new StaffCredentialException(
      StaffCredentialExceptionCode.CREDENTIAL_NOT_FOUND,
      'Credential not found',
    );
  }
}
