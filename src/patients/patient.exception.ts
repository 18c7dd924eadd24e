import { DomainException, HttpStatusCode } from 'src/common/problem/domain.exception';

export enum PatientExceptionCode {
  PATIENT_NOT_FOUND = 'PATIENT_NOT_FOUND',
  PATIENT_ARCHIVED = 'PATIENT_ARCHIVED',
  PATIENT_NOT_ARCHIVED = 'PATIENT_NOT_ARCHIVED',
  CLINIC_REQUIRED = 'CLINIC_REQUIRED',
  CLINIC_NOT_FOUND = 'CLINIC_NOT_FOUND',
  FIELD_NOT_ALLOWED_FOR_ROLE = 'FIELD_NOT_ALLOWED_FOR_ROLE',
  DUPLICATE_IDENTIFIER_SYSTEM = 'DUPLICATE_IDENTIFIER_SYSTEM',
}

const STATUS: Record<PatientExceptionCode, HttpStatusCode> = {
  PATIENT_NOT_FOUND: 404,
  PATIENT_ARCHIVED: 409,
  PATIENT_NOT_ARCHIVED: 409,
  CLINIC_REQUIRED: 400,
  CLINIC_NOT_FOUND: 404,
  FIELD_NOT_ALLOWED_FOR_ROLE: 403,
  DUPLICATE_IDENTIFIER_SYSTEM: 400,
};

export class PatientException extends DomainException {
  constructor(code: PatientExceptionCode, message: string, extras?: DomainException['extras']) {
    super(code, STATUS[code], message, extras);
  }

  static notFound(): PatientException {
    return new PatientException(PatientExceptionCode.PATIENT_NOT_FOUND, 'Patient not found');
  }
}
