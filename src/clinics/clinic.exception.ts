import { DomainException, HttpStatusCode } from 'src/common/problem/domain.exception';

export enum ClinicExceptionCode {
  CLINIC_NOT_FOUND = 'CLINIC_NOT_FOUND',
}

const STATUS: Record<ClinicExceptionCode, HttpStatusCode> = {
  CLINIC_NOT_FOUND: 404,
};

export class ClinicException extends DomainException {
  constructor(code: ClinicExceptionCode, message: string) {
    super(code, STATUS[code], message);
  }

  static notFound(): ClinicException {
    return new ClinicException(ClinicExceptionCode.CLINIC_NOT_FOUND, 'Clinic not found');
  }
}
