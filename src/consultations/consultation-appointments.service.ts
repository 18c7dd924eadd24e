import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import {
  CancelConsultationAppointmentDto,
  ConsultationAppointmentQueryDto,
  ConsultationAppointmentResponseDto,
  mapConsultationAppointment,
} from 'src/consultations/consultation-appointment.dto';
import { ConsultationAppointmentsRepository } from 'src/consultations/consultation-appointments.repository';
import { canCancelAppointment } from 'src/consultations/consultation-request.rules';
import { ConsultationAppointmentEntity } from 'src/consultations/consultation.entity';
import {
  ConsultationException,
  ConsultationExceptionCode,
} from 'src/consultations/consultation.exception';
import { assertVersion } from 'src/common/http/etag';
import { scopeFor } from 'src/clinics/clinic-scope';

const RESOURCE = 'ConsultationAppointment';

export interface NewConsultationAppointment {
  clinicId: string;
  patientId: string;
  clinicianId: string;
  requestId: string | null;
  startsAt: Date;
  durationMinutes: number;
}

@Injectable()
export class ConsultationAppointmentsService {
  constructor(
    private readonly appointments: ConsultationAppointmentsRepository,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Books inside the caller's transaction. The clinician's overlap is refused by the database
   * (consultation_appointments_clinician_no_overlap → 409 CLINICIAN_DOUBLE_BOOKED), so two
   * concurrent bookings of one slot can never both commit.
   */
  async book(
    manager: EntityManager,
    actor: Actor,
    booking: NewConsultationAppointment,
  ): Promise<ConsultationAppointmentEntity> {
    const appointment = await this.appointments.insert(manager, {
      clinicId: booking.clinicId,
      patientId: booking.patientId,
      clinicianId: booking.clinicianId,
      requestId: booking.requestId,
      startsAt: booking.startsAt,
      endsAt: new Date(booking.startsAt.getTime() + booking.durationMinutes * 60_000),
      status: 'scheduled',
      createdBy: actor.userId,
    });
    await this.audit.record(
      actor,
      {
        action: AuditAction.CREATE,
        resourceType: RESOURCE,
        resourceId: appointment.id,
        clinicId: appointment.clinicId,
      },
      manager,
    );
    return appointment;
  }

  async list(
    actor: Actor,
    query: ConsultationAppointmentQueryDto,
  ): Promise<Page<ConsultationAppointmentResponseDto>> {
    const scope = scopeFor(actor, query.clinicId);
    const filters = (['date', 'from', 'to', 'clinicianId', 'patientId', 'status'] as const).filter(
      (k) => query[k] !== undefined,
    );
    const rows = await this.appointments.searchAudited(
      {
        scope,
        date: query.date,
        from: query.from,
        to: query.to,
        clinicianId: query.clinicianId,
        patientId: query.patientId,
        status: query.status,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      { actor, filters },
    );
    return toPage(rows, query.limit, mapConsultationAppointment, (a) => [
      a.startsAt.toISOString(),
      a.id,
    ]);
  }

  async get(actor: Actor, id: string): Promise<ConsultationAppointmentResponseDto> {
    const appointment = await this.appointments.readAudited(id, actor);
    if (!appointment) {
      throw ConsultationException.appointmentNotFound();
    }
    return mapConsultationAppointment(appointment);
  }

  async cancel(
    actor: Actor,
    id: string,
    dto: CancelConsultationAppointmentDto,
    expectedVersion?: number,
  ): Promise<ConsultationAppointmentResponseDto> {
    return this.tx.run(async (manager) => {
      const appointment = await this.getOrFail(actor, id, manager);
      assertVersion(appointment, expectedVersion, RESOURCE);
      if (!canCancelAppointment(appointment.status)) {
        throw new ConsultationException(
          ConsultationExceptionCode.APPOINTMENT_NOT_CANCELLABLE,
          `A ${appointment.status} appointment cannot be cancelled`,
        );
      }
      Object.assign(appointment, {
        status: 'cancelled',
        cancelledAt: new Date(),
        cancelledBy: actor.userId,
        cancelReason: dto.reason ?? null,
      });
      await this.appointments.save(manager, appointment);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ACTION,
          actionName: 'cancel',
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: appointment.clinicId,
          details: { fields: dto.reason ? ['reason'] : [] },
        },
        manager,
      );
      return mapConsultationAppointment(appointment);
    });
  }

  private async getOrFail(
    actor: Actor,
    id: string,
    manager?: EntityManager,
  ): Promise<ConsultationAppointmentEntity> {
    const appointment = await this.appointments.findInScope(
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!appointment) {
      throw ConsultationException.appointmentNotFound();
    }
    return appointment;
  }
}
