import { DomainException, HttpStatusCode } from 'src/common/problem/domain.exception';

export enum ConsentExceptionCode {
  CONSENT_NOT_FOUND = 'CONSENT_NOT_FOUND',
  CONSENT_ALREADY_REVOKED = 'CONSENT_ALREADY_REVOKED',
  WITNESS_NOT_STAFF = 'WITNESS_NOT_STAFF',
  INVALID_CONSENT_DATES = 'INVALID_CONSENT_DATES',
}

const STATUS: Record<ConsentExceptionCode, HttpStatusCode> = {
  CONSENT_NOT_FOUND: 404,
  CONSENT_ALREADY_REVOKED: 409,
  WITNESS_NOT_STAFF: 400,
  INVALID_CONSENT_DATES: 400,
};

export class ConsentException extends DomainException {
  constructor(code: ConsentExceptionCode, message: string, extras?: DomainException['extras']) {
    super(code, STATUS[code], message, extras);
  }

  static notFound(): ConsentException {
    return new ConsentException(ConsentExceptionCode.CONSENT_NOT_FOUND, 'Consent not found');
  }
}
