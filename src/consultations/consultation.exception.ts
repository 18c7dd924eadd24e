import { DomainException, HttpStatusCode } from 'src/common/problem/domain.exception';

export enum ConsultationExceptionCode {
  CONSULTATION_REQUEST_NOT_FOUND = 'CONSULTATION_REQUEST_NOT_FOUND',
  CONSULTATION_APPOINTMENT_NOT_FOUND = 'CONSULTATION_APPOINTMENT_NOT_FOUND',
  PUBLIC_CLINIC_NOT_FOUND = 'PUBLIC_CLINIC_NOT_FOUND',
  INVALID_CONSULTATION_REQUEST = 'INVALID_CONSULTATION_REQUEST',
  INVALID_CONVERSION = 'INVALID_CONVERSION',
  ILLEGAL_REQUEST_TRANSITION = 'ILLEGAL_REQUEST_TRANSITION',
  APPOINTMENT_NOT_CANCELLABLE = 'APPOINTMENT_NOT_CANCELLABLE',
  REQUEST_BODY_TOO_LARGE = 'REQUEST_BODY_TOO_LARGE',
}

const STATUS: Record<ConsultationExceptionCode, HttpStatusCode> = {
  CONSULTATION_REQUEST_NOT_FOUND: 404,
  CONSULTATION_APPOINTMENT_NOT_FOUND: 404,
  PUBLIC_CLINIC_NOT_FOUND: 404,
  INVALID_CONSULTATION_REQUEST: 400,
  INVALID_CONVERSION: 400,
  ILLEGAL_REQUEST_TRANSITION: 409,
  APPOINTMENT_NOT_CANCELLABLE: 409,
  REQUEST_BODY_TOO_LARGE: 413,
};

export class ConsultationException extends DomainException {
  constructor(
    code: ConsultationExceptionCode,
    message: string,
    extras?: DomainException['extras'],
  ) {
    super(code, STATUS[code], message, extras);
  }

  static requestNotFound(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.CONSULTATION_REQUEST_NOT_FOUND,
      'Consultation request not found',
    );
  }

  static appointmentNotFound(): ConsultationException {
    return new ConsultationException(
      ConsultationExceptionCode.CONSULTATION_APPOINTMENT_NOT_FOUND,
      'Consultation appointment not found',
    );
  }

  /** Invalid input the DTO cannot judge alone; names the field(s). */
  static invalid(
    code:
      | ConsultationExceptionCode.INVALID_CONSULTATION_REQUEST
      | ConsultationExceptionCode.INVALID_CONVERSION,
    errors: { field: string; message: string }[],
  ): ConsultationException {
    return new ConsultationException(code, errors.map((e) => e.message).join('; '), { errors });
  }
}
