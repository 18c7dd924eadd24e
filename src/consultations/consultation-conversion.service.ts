import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { ConsultationAppointmentsService } from 'src/consultations/consultation-appointments.service';
import {
  completePatientDraft,
  ConsultationRequestResponseDto,
  ConvertConsultationRequestDto,
} from 'src/consultations/consultation-request.dto';
import { appointmentStartProblem } from 'src/consultations/consultation-request.rules';
import { ConsultationRequestsService } from 'src/consultations/consultation-requests.service';
import { ConsultationRequestEntity } from 'src/consultations/consultation.entity';
import {
  ConsultationException,
  ConsultationExceptionCode,
} from 'src/consultations/consultation.exception';
import { PatientException, PatientExceptionCode } from 'src/patients/patient.exception';
import { PatientsService } from 'src/patients/patients.service';
import { UsersService } from 'src/users/users.service';

/** Front desk turns a website request into a patient and a first consultation. */
@Injectable()
export class ConsultationConversionService {
  constructor(
    private readonly requests: ConsultationRequestsService,
    private readonly appointments: ConsultationAppointmentsService,
    private readonly patients: PatientsService,
    private readonly users: UsersService,
  ) {}

  /**
   * Patient (new or existing) + consultation appointment + the request marked converted, in one
   * transaction: any failure (a double-booked clinician, an invalid patient) leaves nothing behind.
   */
  async convert(
    actor: Actor,
    id: string,
    dto: ConvertConsultationRequestDto,
    expectedVersion?: number,
  ): Promise<ConsultationRequestResponseDto> {
    const startsAt = new Date(dto.appointment.startsAt);
    const problems = [
      ...(dto.patientId && dto.patient
        ? [{ field: 'patient', message: 'give either patientId or patient, not both' }]
        : []),
      ...[appointmentStartProblem(startsAt, new Date())]
        .filter((m): m is string => m !== null)
        .map((message) => ({ field: 'appointment.startsAt', message: `appointment.${message}` })),
    ];
    if (problems.length > 0) {
      throw ConsultationException.invalid(ConsultationExceptionCode.INVALID_CONVERSION, problems);
    }
    return this.requests.transition(
      actor,
      id,
      'convert',
      expectedVersion,
      async (request, manager) => {
        const clinicianOk = await this.users.hasActiveRoleIn(
          dto.appointment.clinicianId,
          StaffRole.CLINICIAN,
          request.clinicId,
          manager,
        );
        if (!clinicianOk) {
          throw ConsultationException.invalid(ConsultationExceptionCode.INVALID_CONVERSION, [
            {
              field: 'appointment.clinicianId',
              message:
                'appointment.clinicianId must be an active clinician of the request’s clinic',
            },
          ]);
        }
        const patientId = dto.patientId
          ? await this.existingPatient(actor, request.clinicId, dto.patientId, manager)
          : await this.newPatient(actor, request, dto, manager);
        const appointment = await this.appointments.book(manager, actor, {
          clinicId: request.clinicId,
          patientId,
          clinicianId: dto.appointment.clinicianId,
          requestId: request.id,
          startsAt,
          durationMinutes: dto.appointment.durationMinutes,
        });
        Object.assign(request, {
          convertedAt: new Date(),
          convertedBy: actor.userId,
          patientId,
          appointmentId: appointment.id,
        });
        return [dto.patientId ? 'patientId' : 'patient', 'appointment'];
      },
    );
  }

  private async existingPatient(
    actor: Actor,
    clinicId: string,
    patientId: string,
    manager: EntityManager,
  ): Promise<string> {
    // Only a patient of the request's own clinic; anything else is "not found".
    const patient = await this.patients.getOrFail(
      { ...actor, clinicIds: [clinicId] },
      patientId,
      manager,
    );
    if (patient.archivedAt) {
      throw new PatientException(
        PatientExceptionCode.PATIENT_ARCHIVED,
        'The patient is archived; restore it before booking',
      );
    }
    return patient.id;
  }

  private async newPatient(
    actor: Actor,
    request: ConsultationRequestEntity,
    dto: ConvertConsultationRequestDto,
    manager: EntityManager,
  ): Promise<string> {
    const { dto: patient, errors } = await completePatientDraft(request, dto.patient);
    if (errors.length > 0) {
      throw ConsultationException.invalid(ConsultationExceptionCode.INVALID_CONVERSION, errors);
    }
    patient.clinicId = request.clinicId;
    return (await this.patients.createInTransaction(manager, actor, patient)).id;
  }
}
